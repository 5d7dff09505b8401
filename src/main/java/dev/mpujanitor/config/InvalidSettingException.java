package dev.mpujanitor.config;

/**
 * A setting has a value the tool cannot run with: which variable, and what is wrong with its value, each a field of
 * its own, so that whoever shows the error (the command line names its option) composes it without reading the text.
 */
public final class InvalidSettingException extends RuntimeException {

    private final String variable;
    private final String problem;

    public InvalidSettingException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
        this.problem = problem;
    }

    public String variable() {
        return variable;
    }

    /** What is wrong, such as {@code must be between 1 and 365, was 0}; it quotes at most a short part of the value. */
    public String problem() {
        return problem;
    }
}
