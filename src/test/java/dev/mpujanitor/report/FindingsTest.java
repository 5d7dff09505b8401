package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.bucket.Gate;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.policy.UnfixableReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FindingsTest {

    private static final Path OPERATIONS = Path.of("docs", "operations.md");
    private static final String TABLE_HEADING = "What to do with each finding:";

    /** The table under its heading in docs/operations.md, as written. */
    private static String documentedTable() throws IOException {
        List<String> lines = Files.readAllLines(OPERATIONS);
        int heading = lines.indexOf(TABLE_HEADING);
        assertThat(heading).as("the line '%s' in %s", TABLE_HEADING, OPERATIONS).isNotNegative();
        return lines.subList(heading + 1, lines.size()).stream()
                .dropWhile(String::isBlank)
                .takeWhile(line -> line.startsWith("|"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void theOperationsGuideShowsExactlyTheFindingsTheReportUses() throws IOException {
        assertThat(documentedTable())
                .as("the table under '%s' in %s must be what Findings.markdownTable() renders; replace it with:%n%n%s",
                        TABLE_HEADING, OPERATIONS, Findings.markdownTable())
                .isEqualTo(Findings.markdownTable());
    }

    @ParameterizedTest
    @EnumSource(UnfixableReason.class)
    void everyUnfixableReasonHasAFindingOfItsOwn(UnfixableReason reason) {
        assertThat(Findings.of(Outcome.UNFIXABLE, reason.label()))
                .hasValueSatisfying(finding -> assertThat(finding.reasons()).containsExactly(reason.label()));
    }

    @Test
    void aBucketLeftToItsStackIsToldToFixTheStack() {
        assertThat(Findings.of(Outcome.MANAGED_BY_IAC, Gate.STACK_REASON_PREFIX + "build-pipeline"))
                .hasValueSatisfying(finding -> assertThat(finding.fix()).contains("in the stack"));
        assertThat(Findings.of(Outcome.MANAGED_BY_IAC, "build-pipeline")).as("only the gate's reason is the stack's").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SlowDown", "InternalError", "ServiceUnavailable"})
    void throttlingAndServerErrorsAreRetriedByTheNextRun(String code) {
        assertThat(Findings.of(Outcome.FAILED, code)).hasValueSatisfying(finding -> assertThat(finding.fix()).contains("MAX_CONCURRENCY"));
    }

    @Test
    void commonCodesHaveTheirOwnFixAndAnyOtherCodeTheGenericOne() {
        assertThat(Findings.of(Outcome.FAILED, "AccessDenied")).hasValueSatisfying(finding -> assertThat(finding.fix()).contains("policy"));
        assertThat(Findings.of(Outcome.FAILED, "NoSuchBucket")).hasValueSatisfying(finding -> assertThat(finding.fix()).contains("deleted"));
        assertThat(Findings.of(Outcome.FAILED, "ApiCallTimeoutException"))
                .hasValueSatisfying(finding -> assertThat(finding.reasons()).containsExactly("<any other code>"));
        assertThat(Findings.of(Outcome.FAILED, "AccessDeniedByProxy")).as("a code is matched whole")
                .hasValueSatisfying(finding -> assertThat(finding.reasons()).containsExactly("<any other code>"));
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"COMPLIANT", "REMEDIATED", "WOULD_REMEDIATE", "EXCLUDED"})
    void anOutcomeThatNeedsNoHumanHasNoFinding(Outcome outcome) {
        assertThat(Findings.of(outcome, "no-configuration")).isEmpty();
        assertThat(Findings.of(outcome, "AccessDenied")).isEmpty();
    }

    @Test
    void aFindingOfSeveralCodesNamesEachOfThem() {
        assertThat(Findings.markdownTable()).contains("| `FAILED reason=SlowDown`, `InternalError` or `ServiceUnavailable` | ")
                .contains("| `MANAGED_BY_IAC reason=cloudformation-stack:<stack>` | ")
                .contains("| `UNFIXABLE reason=mfa-delete` | ");
    }
}
