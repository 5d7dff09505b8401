package dev.mpujanitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.aws.AwsTarget;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.run.ScanTarget;
import dev.mpujanitor.testing.Summaries;
import dev.mpujanitor.uploads.UploadTotals;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class MainTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(Map<String, String> env, String... args) {
        return cli(false, "", env, args);
    }

    private static Run cli(boolean terminal, String typed, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new BufferedReader(new StringReader(typed)), terminal);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalARunThatWritesAsksFirstAndAnythingButYesWritesNothing() {
        // The SDK's own system properties, so that credentials resolve without any file or variable of this machine.
        System.setProperty("aws.accessKeyId", "test-access-key");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
        try {
            // Nothing listens there: had the run gone on, it could not have started.
            Map<String, String> store = Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9", "S3_FORCE_PATH_STYLE", "true");

            Run declined = cli(true, "n\n", store);

            assertThat(declined.exit()).isEqualTo(Main.NOT_CONFIRMED);
            assertThat(declined.err()).contains("- WRITING", "Write lifecycle rules in this endpoint? [y/N]", "nothing was written");
            assertThat(cli(true, "", store).exit()).as("no answer is no").isEqualTo(Main.NOT_CONFIRMED);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @ParameterizedTest(name = "dry run {0}, terminal {1}, --yes {2}: asks {3}")
    @CsvSource({"false,true,false,true", "true,true,false,false", "false,false,false,false", "false,true,true,false"})
    void onlyARunThatWritesAtATerminalWithoutYesAsks(boolean dryRun, boolean terminal, boolean yes, boolean asks) {
        assertThat(Main.asksFirst(dryRun, terminal, yes)).isEqualTo(asks);
    }

    @Test
    void badSettingsExitWithTwoBeforeAnyClientIsBuilt() {
        Run run = cli(Map.of("MAX_CONCURRENCY", "lots"));

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).contains("MAX_CONCURRENCY: must be a whole number, was 'lots'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void oneFailedBucketMakesTheExitCodeOneAndUnfixableOnesDoNot() {
        assertThat(Main.exitCode(Summaries.summary(Map.of(Outcome.COMPLIANT, 3L, Outcome.FAILED, 1L), false))).isEqualTo(Main.SOME_BUCKETS_FAILED);
        assertThat(Main.exitCode(Summaries.summary(Map.of(Outcome.COMPLIANT, 3L, Outcome.UNFIXABLE, 2L), false))).isEqualTo(Main.COMPLETED);
    }

    @Test
    void anIncompleteListingOutranksAMissingBucketWhichOutranksAFailedOne() {
        Map<Outcome, Long> someFailed = Map.of(Outcome.COMPLIANT, 3L, Outcome.FAILED, 1L);

        assertThat(Main.exitCode(Summaries.summary(someFailed, false, Summaries.listingFailed("InternalError")))).isEqualTo(Main.INCOMPLETE);
        assertThat(Main.exitCode(Summaries.summary(someFailed, false, Summaries.notFound("typo")))).isEqualTo(Main.BUCKETS_NOT_FOUND);
        assertThat(Main.exitCode(Summaries.summary(Map.of(Outcome.COMPLIANT, 1L), false, Summaries.notFound("typo")))).isEqualTo(Main.BUCKETS_NOT_FOUND);
    }

    @Test
    void aResultThatCouldNotBeReportedMakesTheRunIncomplete() {
        ScanSummary summary = Summaries.summary(Map.of(Outcome.COMPLIANT, 3L), false);
        ScanSummary unreported = ScanSummary.builder(summary.outcomes(), summary.reach()).failures(summary.failures())
                .duration(summary.duration()).apiCalls(summary.apiCalls()).uploads(summary.uploads()).reportFailures(1).build();

        assertThat(Main.exitCode(unreported)).isEqualTo(Main.INCOMPLETE);
    }

    @Test
    void theOneLineSummaryNamesOnlyTheOutcomesThatOccurred() {
        ScanSummary summary = Summaries.summary(Map.of(Outcome.COMPLIANT, 12L, Outcome.WOULD_REMEDIATE, 37L), true);

        assertThat(Main.oneLine(summary)).isEqualTo("49 buckets in 812 ms: 12 COMPLIANT, 37 WOULD_REMEDIATE (dry run)");
    }

    @Test
    void anEmptyAccountSaysSo() {
        assertThat(Main.oneLine(Summaries.summary(Map.of(), false))).isEqualTo("0 buckets in 812 ms");
    }

    @Test
    void theHeaderNamesTheAccountTheCredentialsTheRegionAndWhetherItWrites() {
        AwsTarget prod = new AwsTarget(AnonymousCredentialsProvider.create(), Region.EU_WEST_1, Optional.of("prod"));
        AwsTarget chain = new AwsTarget(AnonymousCredentialsProvider.create(), Region.US_EAST_1, Optional.empty());

        assertThat(Main.header(Settings.fromEnv(Map.of()), prod, Optional.of("123456789012"), ScanTarget.self(AccountRef.own(Optional.of("123456789012")))))
                .isEqualTo("account 123456789012, profile prod, region eu-west-1 - WRITING");
        assertThat(Main.header(Settings.fromEnv(Map.of("DRY_RUN", "true", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:7480")), chain, Optional.empty(), ScanTarget.self(AccountRef.own(Optional.empty()))))
                .isEqualTo("endpoint http://127.0.0.1:7480, default credential chain, region us-east-1 - DRY RUN, nothing is written");
        assertThat(Main.header(Settings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5000")),
                chain, Optional.of("123456789012"), ScanTarget.self(AccountRef.own(Optional.of("123456789012")))))
                .isEqualTo("account 123456789012 at endpoint http://127.0.0.1:5000, default credential chain, region us-east-1 - WRITING");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--days 0|invalid --days (ABORT_AFTER_DAYS): must be between 1 and 365, was 0",
        "--days seven|invalid --days (ABORT_AFTER_DAYS): must be a whole number, was 'seven'",
        "--bucket Not_A_Bucket|invalid --bucket: 'Not_A_Bucket' is not a bucket name",
        "--bucket twice --bucket twice|invalid --bucket: a bucket is named twice",
        "--exclude LOGS*|invalid --exclude (EXCLUDE_BUCKETS): each pattern is a bucket name with * and ? wildcards",
        "--endpoint ftp://store|invalid --endpoint (AWS_ENDPOINT_URL_S3): must be an http or https URL",
        "--accounts everyone|invalid --accounts (ACCOUNTS): must be self, organization, or 12-digit account IDs separated by commas",
        "--exclude-accounts 12|invalid --exclude-accounts (EXCLUDE_ACCOUNTS): must be 12-digit account IDs",
        "--member-role role/x|invalid --member-role (MEMBER_ROLE): must be an IAM role name",
        "--external-id x|invalid --external-id (EXTERNAL_ID): must be 2-1224 of",
        "--accounts 222222222222 --endpoint http://127.0.0.1:1|invalid --accounts (ACCOUNTS): an S3-compatible store has no AWS accounts",
        "--frobnicate|Unknown option: '--frobnicate'",
        "--days|Missing required parameter for option '--days'",
    })
    void everyBadOptionExitsWithTwoAndSaysWhatIsWrongBeforeAnyCall(String args, String message) {
        Run run = cli(Map.of(), args.split(" "));

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aConfigFileTheSdkCannotParseIsOneLineNamingTheFileAndTheLine(@TempDir Path home) throws IOException {
        Path config = Files.writeString(home.resolve("config"), "[profile prod]\nregion = eu-west-1\nthis line is broken\n");
        // The SDK's own system properties, so that no file of this machine is read.
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
        try {
            Run run = cli(Map.of(), "--profile", "prod", "--dry-run");

            assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
            assertThat(run.err()).isEqualTo("mpu-janitor: cannot read the AWS config file " + config
                    + ": Expected an '=' sign defining a property on line 3" + System.lineSeparator());
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
        }
    }

    @Test
    void aRegionNoAwsPartitionHasIsRefusedByNameBeforeAnyCall() {
        Run run = cli(Map.of(), "--region", "xx-nowhere-1", "--dry-run");

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err()).startsWith("mpu-janitor: unknown AWS region 'xx-nowhere-1': not a region of any AWS partition").hasLineCount(1);
    }

    @Test
    void anS3CompatibleStoreMayNameItsRegionAsItLikes() {
        Run run = cli(Map.of(), "--region", "xx-nowhere-1", "--endpoint", "http://127.0.0.1:9", "--dry-run");

        assertThat(run.err()).doesNotContain("unknown AWS region");
    }

    @Test
    void theHeaderOfARunOverSeveralAccountsSaysHowManyAndWhichWereLeftOut() {
        AwsTarget chain = new AwsTarget(AnonymousCredentialsProvider.create(), Region.US_EAST_1, Optional.empty());
        ScanTarget organization = new ScanTarget(List.of(AccountRef.own(Optional.of("111111111111")), AccountRef.member("222222222222")), true, 1, 2);

        assertThat(Main.header(Settings.fromEnv(Map.of("DRY_RUN", "true")), chain, Optional.of("111111111111"), organization))
                .isEqualTo("2 accounts (1 excluded, 2 suspended or closed) from account 111111111111, default credential chain, region us-east-1"
                        + " - DRY RUN, nothing is written");
    }

    @Test
    void anAccountThatFailedMakesTheExitCodeOne() {
        ScanSummary summary = Summaries.summary(Map.of(Outcome.COMPLIANT, 3L), false);
        OrganizationSummary organization = new OrganizationSummary(List.of(
                new AccountResult(AccountRef.member("222222222222"), AccountResult.Status.FAILED, Optional.of("AccessDenied"), Optional.empty(),
                        Map.of(), Map.of(), UploadTotals.notSurveyed())), 0, 0);

        assertThat(Main.exitCode(ScanSummary.builder(summary.outcomes(), summary.reach()).failures(summary.failures())
                .duration(summary.duration()).apiCalls(summary.apiCalls()).uploads(summary.uploads()).organization(organization)
                .build())).isEqualTo(Main.SOME_BUCKETS_FAILED);
    }

    @Test
    void aBadEnvironmentVariableIsNamedAloneEvenWhenAnOptionCouldHaveSetIt() {
        assertThat(cli(Map.of("IAC_MANAGED_BUCKETS", "ignore")).err())
                .contains("invalid IAC_MANAGED_BUCKETS: must be report or remediate, was 'ignore'");
        assertThat(cli(Map.of("ABORT_AFTER_DAYS", "0")).err())
                .contains("invalid ABORT_AFTER_DAYS: must be between 1 and 365, was 0").doesNotContain("--days");
    }

    @Test
    void anOptionWinsOverItsVariable() {
        Run run = cli(Map.of("ABORT_AFTER_DAYS", "0"), "--days", "0");
        assertThat(run.err()).contains("--days (ABORT_AFTER_DAYS)");

        Run fixed = cli(Map.of("ABORT_AFTER_DAYS", "0", "AWS_ENDPOINT_URL_S3", "ftp://bad"), "--days", "3");
        assertThat(fixed.err()).doesNotContain("ABORT_AFTER_DAYS").contains("invalid AWS_ENDPOINT_URL_S3");
    }

    @Test
    void helpListsEveryOptionTheExitCodesTheEnvironmentOnlySettingsAndExamples() {
        Run run = cli(Map.of(), "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--[no-]dry-run", "--days", "--bucket", "--region", "--exclude", "--endpoint", "--[no-]path-style",
                "--profile", "--yes", "--json", "--help", "--version", "--accounts", "--exclude-accounts", "--member-role", "--external-id", "Exit codes", "some buckets FAILED", "is incomplete",
                "not in the account", "not confirmed", "A run WRITES unless --dry-run", "INVENTORY_UPLOADS", "ABORT_STALE_UPLOADS", "Examples:");
    }

    @Test
    void aMistypedOptionIsAnsweredWithTheOptionItResemblesAndWhereHelpIs() {
        Run run = cli(Map.of(), "--dry-rn");

        assertThat(run.exit()).isEqualTo(Main.NOT_STARTED);
        assertThat(run.err().lines()).containsExactly("mpu-janitor: Unknown option: '--dry-rn'", "Did you mean: --dry-run?", "Try 'mpu-janitor --help'.");
    }

    @Test
    void anOptionLikeNoneOfOursGetsNoGuess() {
        Run run = cli(Map.of(), "--frobnicate");

        assertThat(run.err().lines()).containsExactly("mpu-janitor: Unknown option: '--frobnicate'", "Try 'mpu-janitor --help'.");
    }

    @Test
    void aWrappedExampleDescriptionStaysIndentedUnderItsCommand() {
        CommandLine command = Main.withExamples(new CommandLine(new Main())).setUsageHelpAutoWidth(false).setUsageHelpWidth(55);

        List<String> examples = command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().dropWhile(line -> !line.equals("Examples:")).toList();

        int organization = examples.indexOf("  mpu-janitor --dry-run --accounts organization");
        assertThat(organization).as("the command, on its own line").isPositive();
        List<String> description = examples.subList(organization + 1, examples.size()).stream().takeWhile(line -> !line.isBlank()).toList();
        assertThat(description).as("the description wraps at 55 columns").hasSizeGreaterThan(1)
                .allSatisfy(line -> assertThat(line).startsWith("      ").doesNotStartWith("       ").hasSizeLessThanOrEqualTo(55));
        assertThat(String.join(" ", description.stream().map(String::strip).toList()))
                .isEqualTo("every active account of the organization, through its member roles");
    }

    @Test
    void versionSaysWhatItIs() {
        Run run = cli(Map.of(), "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("mpu-janitor ");
    }
}
