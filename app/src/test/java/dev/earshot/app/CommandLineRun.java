package dev.earshot.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The outcome of one in-process run of the command line. */
record CommandLineRun(int exitCode, String out, String err) {
    static CommandLineRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Earshot.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandLineRun(code, out.toString(), err.toString());
    }
}
