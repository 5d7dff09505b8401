package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.run.OrganizationSummary;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.testing.Summaries;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.UploadInventory;
import dev.mpujanitor.uploads.UploadTotals;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final long MIB = 1L << 20;
    private static final Clock END_OF_RUN = Clock.fixed(Instant.parse("2026-11-30T16:03:27Z"), ZoneOffset.UTC);
    private static final String TARGET = "account 123456789012, profile prod, region eu-west-1";

    private final HtmlReport report = new HtmlReport(TARGET, END_OF_RUN);

    private static BucketResult holding(String bucket, Outcome outcome, String reason, long uploads, long bytes, String usd) {
        UploadInventory inventory = UploadInventory.builder(uploads, bytes).measured(0, Set.of()).ages(Optional.of(Duration.ofDays(3)), AgeBands.none()).cost(new BigDecimal(usd), List.of()).build();
        return BucketResult.builder(bucket, "eu-west-1", outcome, reason).rules(1, 1).uploads(inventory).build();
    }

    private static BucketResult unfixable(String bucket, String reason) {
        return BucketResult.of(BucketRef.of(bucket, "us-east-1"), Outcome.UNFIXABLE, reason, 1, 1);
    }

    private static ScanSummary summary(Map<Outcome, Long> outcomes, UploadTotals uploads) {
        return ScanSummary.builder(outcomes, Summaries.complete()).duration(Duration.ofMillis(812)).dryRun(true).uploads(uploads).build();
    }

    private static UploadTotals totals(long uploads, long bytes, AgeBands ages) {
        return new UploadTotals(true, true, uploads, bytes, true, 2, Optional.of(Duration.ofDays(41)), new BigDecimal("0.00175"), 0, 0, 0, 0,
                Set.of(PriceSource.TABLE), ages);
    }

    private String page(ScanSummary summary) {
        report.finished(summary);
        return report.page();
    }

    private String page() {
        return page(summary(Map.of(Outcome.COMPLIANT, 3L), totals(0, 0, AgeBands.none())));
    }

    private static String section(String page, String id) {
        int start = page.indexOf("<section id=\"" + id + "\">");
        assertThat(start).as("section %s", id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    /** The rows of a section's table body, each as its cells' text. */
    private static List<String> bodyRows(String section) {
        String body = section.substring(section.indexOf("<tbody>"), section.indexOf("</tbody>"));
        List<String> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>").matcher(body);
        while (row.find()) {
            rows.add(row.group(1).replaceAll("<svg.*?</svg>", "").replaceAll("<[^>]+>", "|").replaceAll("\\|(\\s*\\|)+", "|"));
        }
        return rows;
    }

    @Test
    void theHeadingSaysWhoseBucketsWhenWhetherItWroteAndHowLongItTook() {
        String page = page();

        assertThat(page).contains("<p class=\"meta\">" + TARGET + "</p>").contains("2026-11-30 16:03 UTC")
                .contains("dry run: nothing was written").contains("took 812 ms");
        assertThat(page).contains("<title>Incomplete multipart uploads: " + TARGET + ", 2026-11-30 16:03 UTC</title>");
    }

    @Test
    void thePageHasItsFourSectionsAndTheFiguresOfTheRun() {
        report.bucket(holding("data-lake", Outcome.WOULD_REMEDIATE, "no-configuration", 2, 77 * MIB, "0.00175"));
        report.bucket(unfixable("vault", "mfa-delete"));

        String page = page(summary(Map.of(Outcome.WOULD_REMEDIATE, 1L, Outcome.UNFIXABLE, 1L, Outcome.COMPLIANT, 4L),
                totals(2, 77 * MIB, AgeBands.none().with(Duration.ofDays(3), 77 * MIB))));

        assertThat(page).contains("<section id=\"coverage\">", "<section id=\"wasters\">", "<section id=\"needs-a-human\">", "<section id=\"ages\">");
        assertThat(bodyRows(section(page, "coverage"))).containsExactly("|COMPLIANT|already covered|4|", "|WOULD_REMEDIATE|the rule would be written|1|",
                "|UNFIXABLE|cannot take the rule: needs a human|1|");
        assertThat(page).contains("<li><b>77.0 MiB</b>bytes held</li>").contains("<li><b>USD 0.0018</b>a month, about</li>")
                .contains("<li><b>41 days ago</b>the oldest began</li>").contains("the list prices built into mpu-janitor");
    }

    @Test
    void theLargestWastersAreTheTenHoldingTheMostBytesWhateverOrderTheyFinishIn() {
        List<Integer> sizes = new ArrayList<>(IntStream.rangeClosed(1, 500).boxed().toList());
        Collections.shuffle(sizes, new Random(7));
        sizes.forEach(size -> report.bucket(holding("bucket-%03d".formatted(size), Outcome.COMPLIANT, "covered-by:x", 1, size * MIB, "0.01")));

        List<String> rows = bodyRows(section(page(), "wasters"));

        assertThat(rows).hasSize(HtmlReport.TOP_WASTERS);
        assertThat(rows.getFirst()).isEqualTo("|bucket-500|500.0 MiB|USD 0.01|1|eu-west-1|");
        assertThat(rows.getLast()).startsWith("|bucket-491|");
        assertThat(section(page(), "wasters")).doesNotContain("bucket-490");
    }

    @Test
    void aWastersBarIsItsShareOfTheLargest() {
        report.bucket(holding("big", Outcome.COMPLIANT, "covered-by:x", 1, 40 * MIB, "0.01"));
        report.bucket(holding("small", Outcome.COMPLIANT, "covered-by:x", 1, 10 * MIB, "0.01"));

        String wasters = section(page(), "wasters");

        assertThat(wasters).contains("<rect width=\"100.0\" height=\"10\"/>").contains("<rect width=\"25.0\" height=\"10\"/>");
    }

    @Test
    void onlyTheFirstThousandBucketsThatNeedAHumanAreListedAndTheRestAreCounted() {
        List<Integer> numbers = new ArrayList<>(IntStream.range(0, 5_000).boxed().toList());
        Collections.shuffle(numbers, new Random(11));
        numbers.forEach(n -> report.bucket(unfixable("needs-%04d".formatted(n), "rule-limit")));
        report.bucket(BucketResult.failed(BucketRef.of("zz-locked", "us-east-1"),
                new BucketCallException("GetBucketLifecycleConfiguration", "AccessDenied", "Access Denied", null), -1));

        String section = section(page(), "needs-a-human");

        List<String> rows = bodyRows(section);
        assertThat(rows).hasSize(HtmlReport.NEEDS_A_HUMAN_LIMIT);
        assertThat(rows.getFirst()).as("a failure comes first").startsWith("|zz-locked|us-east-1|FAILED|AccessDenied|");
        assertThat(rows.get(1)).startsWith("|needs-0000|");
        assertThat(rows.getLast()).startsWith("|needs-0998|");
        assertThat(section).contains("and 4,001 more");
    }

    @Test
    void memoryStaysBoundedForAnAccountOfAHundredThousandBuckets() {
        for (int n = 0; n < 100_000; n++) {
            report.bucket(n % 10 == 0 ? unfixable("unfixable-%06d".formatted(n), "rule-limit")
                    : holding("bucket-%06d".formatted(n), Outcome.COMPLIANT, "covered-by:x", 1, n, "0"));
        }

        String page = page();

        assertThat(bodyRows(section(page, "needs-a-human"))).hasSize(HtmlReport.NEEDS_A_HUMAN_LIMIT);
        assertThat(bodyRows(section(page, "wasters"))).hasSize(HtmlReport.TOP_WASTERS);
        assertThat(page).contains("and 9,000 more");
        assertThat(page.length()).as("a page of at most a thousand rows").isLessThan(1_000_000);
    }

    @Test
    void eachBucketThatNeedsAHumanIsGivenTheFixOfItsFinding() {
        report.bucket(unfixable("vault", "mfa-delete"));
        report.bucket(BucketResult.of(BucketRef.of("build-artifacts", "eu-west-1"), Outcome.MANAGED_BY_IAC, "cloudformation-stack:build-pipeline", 0, 0));
        report.bucket(BucketResult.failed(BucketRef.of("locked", "us-east-1"),
                new BucketCallException("GetBucketLifecycleConfiguration", "AccessDenied", "Access Denied", null), -1));

        List<String> rows = bodyRows(section(page(), "needs-a-human"));

        assertThat(rows).containsExactly(
                "|locked|us-east-1|FAILED|AccessDenied|GetBucketLifecycleConfiguration failed: AccessDenied (Access Denied)"
                        + "|a bucket policy or SCP denies the function: allow its role, or accept the gap|",
                "|vault|us-east-1|UNFIXABLE|mfa-delete|lifecycle rules do not work with MFA Delete: abort old uploads by hand, or set |ABORT_STALE_UPLOADS=true|",
                "|build-artifacts|eu-west-1|MANAGED_BY_IAC|cloudformation-stack:build-pipeline|the stack owns the bucket&#39;s lifecycle, and its next update "
                        + "would undo a rule written outside it: add the rule in the stack, or set |IAC_MANAGED_BUCKETS=remediate|");
    }

    @Test
    void namesReasonsMessagesAndTheTargetAreEscaped() {
        HtmlReport hostile = new HtmlReport("endpoint http://s3.local/?a=1&b=<2>, default credential chain, region us-east-1", END_OF_RUN);
        hostile.bucket(BucketResult.of(BucketRef.of("build", "eu-west-1"), Outcome.MANAGED_BY_IAC, "cloudformation-stack:<script>alert(1)</script>", 0, 0));
        hostile.bucket(BucketResult.failed(BucketRef.of("locked", "us-east-1"),
                new BucketCallException("GetBucketLifecycleConfiguration", "AccessDenied", "<img src=x onerror=\"alert('x')\">", null), -1));
        hostile.finished(summary(Map.of(Outcome.MANAGED_BY_IAC, 1L, Outcome.FAILED, 1L), UploadTotals.notSurveyed()));

        String page = hostile.page();

        assertThat(page).doesNotContain("<script", "<img", "b=<2>")
                .contains("cloudformation-stack:&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;")
                .contains("http://s3.local/?a=1&amp;b=&lt;2&gt;");
    }

    @Test
    void thePageNeedsNothingFromElsewhereAndNoScript() {
        report.bucket(holding("data-lake", Outcome.WOULD_REMEDIATE, "no-configuration", 2, 77 * MIB, "0.00175"));
        report.bucket(unfixable("vault", "mfa-delete"));

        String page = page(summary(Map.of(Outcome.WOULD_REMEDIATE, 1L, Outcome.UNFIXABLE, 1L),
                totals(2, 77 * MIB, AgeBands.none().with(Duration.ofDays(3), 77 * MIB))));

        assertThat(page).doesNotContain("<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href=", "http://", "https://");
        assertThat(page).contains("<style>").contains("<svg class=\"bar\"").contains("@media print");
    }

    @Test
    void theUploadsAreShownByAgeWithTheirCountsAndBytes() {
        AgeBands ages = AgeBands.none().with(Duration.ofHours(5), 2 * MIB).with(Duration.ofDays(41), 5 * MIB).with(Duration.ofDays(50), 7 * MIB)
                .with(Duration.ofDays(800), 1 * MIB);

        List<String> rows = bodyRows(section(page(summary(Map.of(Outcome.COMPLIANT, 2L), totals(4, 15 * MIB, ages))), "ages"));

        assertThat(rows).containsExactly("|under a day ago|1|2.0 MiB|", "|1-7 days ago|0|0 B|", "|7-30 days ago|0|0 B|", "|30-90 days ago|2|12.0 MiB|",
                "|90-365 days ago|0|0 B|", "|over a year ago|1|1.0 MiB|");
    }

    @Test
    void aRunThatListedNoUploadSaysSoAndShowsNoFigureOfThem() {
        String page = page(summary(Map.of(Outcome.COMPLIANT, 2L), UploadTotals.notSurveyed()));

        assertThat(page).contains("Incomplete uploads were not listed in this run").doesNotContain("<section id=\"wasters\">", "<section id=\"ages\">",
                "bytes held");
    }

    @Test
    void anIncompleteScanIsSaidAtTheTop() {
        String page = page(ScanSummary.builder(Map.of(Outcome.COMPLIANT, 2L), Summaries.listingFailed("InternalError"))
                .duration(Duration.ofMinutes(3)).build());

        assertThat(page).contains("The scan is incomplete: the listing stopped part-way (InternalError message)")
                .contains("a real run: rules were written where needed").contains("took 3 min 0 s");
    }

    @Test
    void thereIsNoPageBeforeTheRunHasFinished() {
        assertThatThrownBy(report::page).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void overSeveralAccountsEachAccountIsListedAndEachBucketNamedWithItsAccount() {
        report.bucket(holding("exports", Outcome.COMPLIANT, "covered-by:x", 2, 9 * MIB, "0.0002").inAccount(Optional.of("222222222222")));
        report.bucket(unfixable("locked", "mfa-delete").inAccount(Optional.of("333333333333")));
        UploadTotals wasteful = new UploadTotals(true, true, 2, 9 * MIB, true, 1, Optional.empty(), new BigDecimal("0.0002"), 0, 0, 0, 0,
                Set.of(PriceSource.API), AgeBands.none());
        OrganizationSummary organization = new OrganizationSummary(List.of(
                new AccountResult(AccountRef.member("222222222222"), AccountResult.Status.COVERED, Optional.empty(), Optional.empty(),
                        Map.of(Outcome.COMPLIANT, 1L), Map.of(), wasteful),
                new AccountResult(AccountRef.member("444444444444"), AccountResult.Status.FAILED, Optional.of("AccessDenied"), Optional.empty(),
                        Map.of(), Map.of(), UploadTotals.notSurveyed())), 0, 0);

        String page = page(ScanSummary.builder(Map.of(Outcome.COMPLIANT, 1L, Outcome.UNFIXABLE, 1L), Summaries.complete())
                .duration(Duration.ofSeconds(3)).dryRun(true).uploads(wasteful).organization(organization).build());

        assertThat(page).contains("<h2>Accounts</h2>", "222222222222", "444444444444", "FAILED <code>AccessDenied</code>");
        assertThat(page).contains("222222222222 / exports", "333333333333 / locked");
    }

    @Test
    void overOneAccountNoAccountIsListed() {
        report.bucket(unfixable("locked", "mfa-delete"));

        assertThat(page()).doesNotContain("<h2>Accounts</h2>").contains(">locked<");
    }
}
