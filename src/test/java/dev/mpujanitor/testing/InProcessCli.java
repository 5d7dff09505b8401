package dev.mpujanitor.testing;

import dev.mpujanitor.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line in this JVM, as {@code java -jar} runs it without a terminal, with {@link SeededAccount}'s
 * credentials from the SDK's own system properties, set for this run only and restored after it.
 */
public final class InProcessCli {

    /** What one run printed, and how it exited. */
    public record Result(int exit, String stdout, String stderr) {
        /** Its JSON lines, with {@code --json}. */
        public JsonLines log() {
            return JsonLines.parse(stdout);
        }
    }

    private InProcessCli() {
    }

    public static Result run(List<String> args, Map<String, String> env) {
        Map<String, String> credentials = Map.of("aws.accessKeyId", SeededAccount.ACCESS_KEY, "aws.secretAccessKey", SeededAccount.SECRET_KEY);
        Map<String, Optional<String>> previous = new HashMap<>();
        credentials.forEach((name, value) -> previous.put(name, Optional.ofNullable(System.setProperty(name, value))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int exit = Main.run(args.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new BufferedReader(new StringReader("")), false);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            previous.forEach((name, value) -> value.ifPresentOrElse(old -> System.setProperty(name, old), () -> System.clearProperty(name)));
        }
    }
}
