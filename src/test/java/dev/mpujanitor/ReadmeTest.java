package dev.mpujanitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.cli.Main;
import dev.mpujanitor.config.Settings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README says what the code does, under the code's own names, and stays short enough to be read. */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    /** Settings' variables that only the jar reads, beside the SDK's own AWS_*: no template Parameter sets them. */
    private static final List<String> JAR_ONLY = List.of(Settings.S3_FORCE_PATH_STYLE, Settings.S3_EXPRESS_ENDPOINT_URL);

    private static String readme() throws IOException {
        return Files.readString(README);
    }

    /** The README's table rows, as they are written. */
    private static List<String> tableRows() throws IOException {
        return readme().lines().filter(line -> line.startsWith("|")).toList();
    }

    @Test
    void everySettingHasARowWithItsVariableAndItsParameter() throws IOException {
        List<String> rows = tableRows();
        for (String variable : settingVariables()) {
            String parameter = Arrays.stream(variable.split("_")).map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining());
            assertThat(rows).as("a settings row for %s", variable).anyMatch(row -> firstCell(row).contains("`" + variable + "`")
                    && (row.contains("`" + parameter + "`") || variable.startsWith("AWS_") || JAR_ONLY.contains(variable)));
        }
    }

    @Test
    void everyOptionOfTheCommandLineIsInTheSettingsTable() throws IOException {
        String rows = String.join("\n", tableRows());
        for (CommandLine.Model.OptionSpec option : new CommandLine(new Main()).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            assertThat(rows).as("a row for %s", name).containsPattern("`" + Pattern.quote(option.negatable() ? name.replace("--", "--[no-]") : name) + "[` ]");
        }
    }

    @Test
    void everyExitCodeIsInTheTable() throws IOException {
        List<String> rows = tableRows();
        for (String code : new CommandLine(new Main()).getCommandSpec().usageMessage().exitCodeList().keySet()) {
            assertThat(rows).as("exit code %s", code).anyMatch(row -> row.startsWith("| " + code.strip() + " |"));
        }
    }

    @Test
    void everySampleEventIsInTheEventsTable() throws IOException {
        List<String> rows = tableRows();
        try (Stream<Path> events = Files.list(Path.of("events"))) {
            for (Path event : events.toList()) {
                assertThat(rows).as("a row for %s", event).anyMatch(row -> row.startsWith("| `" + event.getFileName() + "`"));
            }
        }
    }

    @Test
    void everyLinkToAFileOfTheProjectResolves() throws IOException {
        Matcher link = Pattern.compile("\\]\\(([^)#:]+)\\)").matcher(readme());
        List<String> links = new ArrayList<>();
        while (link.find()) {
            links.add(link.group(1));
        }

        assertThat(links).isNotEmpty().allSatisfy(target -> assertThat(Path.of(target)).as(target).exists());
    }

    @Test
    void itStaysShortEnoughToReadThrough() throws IOException {
        assertThat(readme().lines().count()).isLessThanOrEqualTo(260);
    }

    private static String firstCell(String row) {
        return row.split("\\|")[1];
    }

    /** Settings' environment variables: its constants named as their value. */
    private static List<String> settingVariables() {
        List<String> variables = new ArrayList<>();
        for (Field field : Settings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    if (field.getName().equals(field.get(null))) {
                        variables.add(field.getName());
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(variables).isNotEmpty();
        return variables;
    }
}
