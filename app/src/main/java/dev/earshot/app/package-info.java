/**
 * The {@code earshot} command line.
 *
 * <p>It wires the other modules together and holds no pipeline logic of its own: each subcommand
 * reads its options, builds the module objects it needs and runs them. {@link dev.earshot.app.Earshot}
 * lists the subcommands.
 */
package dev.earshot.app;
