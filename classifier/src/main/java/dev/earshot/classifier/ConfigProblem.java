package dev.earshot.classifier;

/**
 * One problem in a brand or rule file, with where it is.
 *
 * @param source the file name, or a description such as {@code <default rule pack>}
 * @param line   1-based line of the entry concerned, or 0 when the file as a whole is concerned
 * @param message what is wrong, naming the entry and field
 */
public record ConfigProblem(String source, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
    }
}
