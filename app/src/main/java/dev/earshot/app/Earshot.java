package dev.earshot.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code earshot} command line. Each subcommand is one job; this class only registers them.
 *
 * <p>Exit codes: 0 success, 1 failure (including input with bad records), 2 usage error.
 */
@Command(name = "earshot",
        mixinStandardHelpOptions = true,
        versionProvider = Earshot.Version.class,
        description = "Social listening pipeline: ingest mentions into Kafka, classify them by marketing "
                + "strategy with Lucene, aggregate them per brand with Kafka Streams.",
        subcommands = {
            DemoCommand.class,
            BrokerCommand.class,
            ValidateCommand.class,
            ClassifyCommand.class,
            RulesCommand.class,
            EvaluateCommand.class,
            TrainCommand.class,
            TrainSentimentCommand.class,
            IngestCommand.class,
            StreamsCommand.class,
            TailCommand.class,
            AlertsCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Earshot implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with its output captured; for tests. */
    static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Earshot())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Earshot::failure);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** An exception escaping a command is a failure (exit 1) with its message, not a stack trace. */
    private static int failure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String kafkaRefusal = KafkaAccess.explain(e);
        commandLine.getErr().println("earshot " + commandLine.getCommandName() + ": " + (kafkaRefusal != null ? kafkaRefusal
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if (System.getenv("EARSHOT_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Earshot.class.getPackage().getImplementationVersion();
            return new String[] {"earshot " + (version == null ? "development build" : version)};
        }
    }
}
