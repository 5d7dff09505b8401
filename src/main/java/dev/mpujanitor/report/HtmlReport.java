package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.UploadTotals;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code --report FILE.html}: the run as one page to share with whoever owns the buckets or the bill. It is
 * self-contained (inline CSS and SVG, no script, nothing fetched), reads on a phone and prints whole.
 *
 * <p>Memory stays bounded whatever the account's size: of the results it keeps only the {@link #TOP_WASTERS} largest
 * wasters, in a small heap, and the first {@link #NEEDS_A_HUMAN_LIMIT} buckets that need a human, by outcome and name,
 * counting the rest. The figures are written as the console writes them ({@link Figures}), so that the page and the
 * terminal say the same.
 *
 * <p>Over 300 lines because the page's style sheet, about 45 lines, is inline: the page must open as one file.
 */
public final class HtmlReport implements ScanReport {

    static final int TOP_WASTERS = 10;
    static final int NEEDS_A_HUMAN_LIMIT = 1_000;
    /** The outcomes a person must act on, the most urgent first: a failure, then what cannot be fixed, then a stack's. */
    private static final List<Outcome> NEEDS_A_HUMAN = List.of(Outcome.FAILED, Outcome.UNFIXABLE, Outcome.MANAGED_BY_IAC);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private record Waster(String bucket, String region, long uploads, long bytes, boolean lowerBound, BigDecimal monthlyUsd) {
    }

    /** @param detail what S3 said (a failure's message) or what a write would lose, when the record has it */
    private record Attention(String bucket, String region, Outcome outcome, String reason, Optional<String> detail) {
    }

    /** Largest first; on equal bytes, by name, so that two runs of one account show the same ten. */
    private static final Comparator<Waster> LARGEST_FIRST = Comparator.comparingLong(Waster::bytes).reversed().thenComparing(Waster::bucket);
    private static final Comparator<Attention> MOST_URGENT_FIRST = Comparator.comparingInt((Attention row) -> NEEDS_A_HUMAN.indexOf(row.outcome()))
            .thenComparing(Attention::bucket);

    private final String target;
    private final Clock clock;
    /** The head is the one to drop: the smallest of the wasters kept, the last of the buckets kept. */
    private final PriorityQueue<Waster> wasters = new PriorityQueue<>(LARGEST_FIRST.reversed());
    private final PriorityQueue<Attention> needsAHuman = new PriorityQueue<>(MOST_URGENT_FIRST.reversed());
    private long needingAHuman;
    private ScanSummary summary;
    private Instant finishedAt;

    /** @param target whose buckets these are, as the command line names them: the account or the endpoint, the credentials, the region */
    public HtmlReport(String target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    @Override
    public synchronized void bucket(BucketResult result) {
        // Over several accounts, a bucket is named with its account.
        String bucket = result.account().map(account -> account + " / ").orElse("") + result.bucket();
        result.uploads().filter(uploads -> uploads.bytesMeasured() && uploads.bytes() > 0).ifPresent(uploads -> keep(wasters,
                new Waster(bucket, result.region(), uploads.uploads(), uploads.bytes(), !uploads.bytesExact(), uploads.monthlyCostUsd()),
                TOP_WASTERS));
        if (NEEDS_A_HUMAN.contains(result.outcome())) {
            needingAHuman++;
            keep(needsAHuman, new Attention(bucket, result.region(), result.outcome(), result.reason(),
                    result.error().or(result::unrecognisedElement).or(() -> result.lifecycleShutOut().map(HtmlReport::shutOut))), NEEDS_A_HUMAN_LIMIT);
        }
    }

    /** Why S3 Lifecycle cannot act on a directory bucket, and the statement its policy needs, to copy from the page. */
    private static String shutOut(LifecycleAccess access) {
        return access.shutOut().orElse("") + "; add to its policy: " + access.statementToAdd();
    }

    private static <T> void keep(PriorityQueue<T> kept, T row, int limit) {
        kept.add(row);
        if (kept.size() > limit) {
            kept.poll();
        }
    }

    @Override
    public synchronized void finished(ScanSummary summary) {
        this.summary = summary;
        this.finishedAt = clock.instant();
    }

    /** The page, once the run has finished. */
    public synchronized String page() {
        if (summary == null) {
            throw new IllegalStateException("the run has not finished");
        }
        StringBuilder html = new StringBuilder(32 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Incomplete multipart uploads: ").append(escape(target)).append(", ").append(DATE.format(finishedAt)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
        header(html);
        coverage(html);
        accounts(html);
        wasters(html);
        needsAHuman(html);
        ages(html);
        footer(html);
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private void header(StringBuilder html) {
        html.append("<header>\n<h1>Incomplete multipart uploads</h1>\n")
                .append("<p class=\"meta\">").append(escape(target)).append("</p>\n")
                .append("<p class=\"meta\">").append(DATE.format(finishedAt)).append(" &middot; ")
                .append(summary.dryRun() ? "dry run: nothing was written" : "a real run: rules were written where needed")
                .append(" &middot; took ").append(Figures.duration(summary.duration())).append("</p>\n</header>\n");
        if (!summary.reach().complete()) {
            html.append("<p class=\"warning\">The scan is incomplete: ")
                    .append(summary.reach().listingFailure().map(failure -> "the listing stopped part-way (" + escape(failure.message()) + ")")
                            .orElse("it ran out of time"))
                    .append(", so some buckets are not in this report.</p>\n");
        }
        if (!summary.reach().notFound().isEmpty()) {
            html.append("<p class=\"warning\">Not in the account: ")
                    .append(summary.reach().notFound().stream().sorted().map(HtmlReport::escape).collect(Collectors.joining(", "))).append("</p>\n");
        }
        if (summary.reportFailures() > 0) {
            html.append("<p class=\"warning\">").append(Figures.number(summary.reportFailures()))
                    .append(" results could not be reported and are missing below.</p>\n");
        }
        UploadTotals uploads = summary.uploads();
        html.append("<ul class=\"figures\">\n");
        figure(html, "buckets", Figures.number(summary.buckets()));
        if (uploads.surveyed()) {
            figure(html, "incomplete uploads", Figures.number(uploads.uploads()));
            figure(html, "buckets holding them", Figures.number(uploads.bucketsWithUploads()));
            if (uploads.bytesMeasured()) {
                figure(html, "bytes held", (uploads.bytesExact() ? "" : "at least ") + Figures.bytes(uploads.bytes()));
                figure(html, "a month, about", Figures.usd(uploads.monthlyCostUsd()));
            }
            uploads.oldestAge().ifPresent(age -> figure(html, "the oldest began", Figures.ago(age)));
        }
        html.append("</ul>\n");
        if (!uploads.surveyed()) {
            html.append("<p class=\"note\">Incomplete uploads were not listed in this run (INVENTORY_UPLOADS and ABORT_STALE_UPLOADS were off).</p>\n");
        }
    }

    private static void figure(StringBuilder html, String label, String value) {
        html.append("<li><b>").append(value).append("</b>").append(label).append("</li>\n");
    }

    private void coverage(StringBuilder html) {
        html.append("<section id=\"coverage\">\n<h2>Coverage: buckets by outcome</h2>\n");
        long largest = Arrays.stream(Outcome.values()).mapToLong(summary::count).max().orElse(0);
        html.append("<div class=\"scroll\"><table>\n<thead><tr><th>outcome</th><th>meaning</th><th class=\"num\">buckets</th><th class=\"chart\"></th></tr></thead>\n<tbody>\n");
        for (Outcome outcome : Outcome.values()) {
            long count = summary.count(outcome);
            if (count > 0) {
                html.append("<tr><td class=\"keep\"><code>").append(outcome).append("</code></td><td>").append(meaning(outcome, summary.dryRun()))
                        .append("</td><td class=\"num\">").append(Figures.number(count)).append("</td><td class=\"chart\">").append(bar(count, largest))
                        .append("</td></tr>\n");
            }
        }
        html.append("</tbody>\n</table></div>\n");
        if (!summary.failures().isEmpty()) {
            html.append("<p class=\"note\">Failed, by S3 error code: ").append(summary.failures().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(failure -> "<code>" + escape(failure.getKey()) + "</code> " + Figures.number(failure.getValue())).collect(Collectors.joining(", ")))
                    .append("</p>\n");
        }
        html.append("</section>\n");
    }

    private static String meaning(Outcome outcome, boolean dryRun) {
        return switch (outcome) {
            case COMPLIANT -> "already covered";
            case REMEDIATED -> "the rule was written";
            case WOULD_REMEDIATE -> dryRun ? "the rule would be written" : "the rule would have been written";
            case UNFIXABLE -> "cannot take the rule: needs a human";
            case FAILED -> "a call failed: nothing was written";
            case EXCLUDED -> "kept out by the operator";
            case MANAGED_BY_IAC -> "left to its CloudFormation stack";
        };
    }

    /** Over several accounts, each one: what became of it, and what its incomplete uploads cost. */
    private void accounts(StringBuilder html) {
        if (summary.organization().isEmpty()) {
            return;
        }
        html.append("<section id=\"accounts\">\n<h2>Accounts</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>account</th><th>status</th>")
                .append("<th class=\"num\">buckets</th><th class=\"num\">failed</th><th class=\"num\">a month</th></tr></thead>\n<tbody>\n");
        for (AccountResult account : summary.organization().get().accounts()) {
            html.append("<tr><td class=\"name\">").append(escape(account.account().label())).append("</td><td>").append(account.status())
                    .append(account.errorCode().map(code -> " <code>" + escape(code) + "</code>").orElse(""))
                    .append("</td><td class=\"num\">").append(Figures.number(account.buckets()))
                    .append("</td><td class=\"num\">").append(Figures.number(account.outcomes().get(Outcome.FAILED)))
                    .append("</td><td class=\"num\">").append(account.uploads().bytesMeasured() ? Figures.usd(account.uploads().monthlyCostUsd()) : "")
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void wasters(StringBuilder html) {
        if (!summary.uploads().bytesMeasured()) {
            return;
        }
        List<Waster> largest = wasters.stream().sorted(LARGEST_FIRST).toList();
        html.append("<section id=\"wasters\">\n<h2>The largest wasters</h2>\n");
        if (largest.isEmpty()) {
            html.append("<p>No bucket holds an incomplete upload.</p>\n</section>\n");
            return;
        }
        html.append("<p class=\"note\">The ").append(largest.size() == 1 ? "bucket" : Figures.number(largest.size()) + " buckets")
                .append(" whose incomplete uploads hold the most bytes, and what those cost a month.</p>\n");
        // The figures first, so that a phone shows them before its table scrolls.
        html.append("<div class=\"scroll\"><table>\n<thead><tr><th>bucket</th><th class=\"num\">bytes</th><th class=\"num\">a month</th>")
                .append("<th class=\"chart\"></th><th class=\"num\">uploads</th><th>region</th></tr></thead>\n<tbody>\n");
        long top = largest.getFirst().bytes();
        for (Waster waster : largest) {
            html.append("<tr><td class=\"name\">").append(escape(waster.bucket()))
                    .append("</td><td class=\"num\">").append(waster.lowerBound() ? "&ge; " : "").append(Figures.bytes(waster.bytes()))
                    .append("</td><td class=\"num\">").append(Figures.usd(waster.monthlyUsd()))
                    .append("</td><td class=\"chart\">").append(bar(waster.bytes(), top))
                    .append("</td><td class=\"num\">").append(Figures.number(waster.uploads()))
                    .append("</td><td class=\"keep\">").append(escape(waster.region())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void needsAHuman(StringBuilder html) {
        html.append("<section id=\"needs-a-human\">\n<h2>Buckets that need a human</h2>\n");
        if (needingAHuman == 0) {
            html.append("<p>None: no bucket failed, and every one could take the rule or was kept out on purpose.</p>\n</section>\n");
            return;
        }
        // Three columns, the region under the name and the reason beside the outcome, so that the fix has room on any page.
        html.append("<div class=\"scroll\"><table class=\"cards\">\n<thead><tr><th>bucket</th><th class=\"finding\">finding</th>")
                .append("<th class=\"fix\">what to do</th></tr></thead>\n<tbody>\n");
        for (Attention row : needsAHuman.stream().sorted(MOST_URGENT_FIRST).toList()) {
            html.append("<tr><td class=\"name\">").append(escape(row.bucket())).append("<div class=\"note\">").append(escape(row.region()))
                    .append("</div></td><td class=\"finding\"><code>").append(row.outcome()).append("</code> <code>").append(escape(row.reason())).append("</code>")
                    .append(row.detail().map(detail -> "<div class=\"note\">" + escape(detail) + "</div>").orElse(""))
                    .append("</td><td class=\"fix\">").append(Findings.of(row.outcome(), row.reason()).map(finding -> withCode(finding.fix()))
                            .orElse("see the findings of the operations guide"))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
        if (needingAHuman > needsAHuman.size()) {
            html.append("<p>and ").append(Figures.number(needingAHuman - needsAHuman.size()))
                    .append(" more: the records or the CSV name every one.</p>\n");
        }
        html.append("</section>\n");
    }

    private void ages(StringBuilder html) {
        UploadTotals uploads = summary.uploads();
        if (!uploads.surveyed() || uploads.uploads() == 0) {
            return;
        }
        AgeBands ages = uploads.ages();
        boolean measured = uploads.bytesMeasured();
        List<Long> sizes = measured ? ages.bytes() : ages.uploads();
        long largest = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
        html.append("<section id=\"ages\">\n<h2>Incomplete uploads by age</h2>\n")
                .append("<div class=\"scroll\"><table>\n<thead><tr><th>begun</th><th class=\"num\">uploads</th>")
                .append(measured ? "<th class=\"num\">bytes</th>" : "").append("<th class=\"chart\"></th></tr></thead>\n<tbody>\n");
        for (int band = 0; band < AgeBands.LABELS.size(); band++) {
            html.append("<tr><td>").append(AgeBands.LABELS.get(band)).append(" ago</td><td class=\"num\">").append(Figures.number(ages.uploads().get(band)))
                    .append("</td>").append(measured ? "<td class=\"num\">" + Figures.bytes(ages.bytes().get(band)) + "</td>" : "")
                    .append("<td class=\"chart\">").append(bar(sizes.get(band), largest)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    private void footer(StringBuilder html) {
        html.append("<footer>\n<p class=\"note\">Written by mpu-janitor, which adds an <code>AbortIncompleteMultipartUpload</code> lifecycle rule ")
                .append("to every bucket that lacks one.");
        if (summary.uploads().bytesMeasured() && !summary.uploads().priceSources().isEmpty()) {
            html.append(" Costs are estimates at list prices, from ").append(summary.uploads().priceSources().stream().sorted()
                    .map(HtmlReport::priceSource).collect(Collectors.joining(" and "))).append('.');
        }
        html.append("</p>\n</footer>\n");
    }

    private static String priceSource(PriceSource source) {
        return switch (source) {
            case API -> "the AWS Price List";
            case TABLE -> "the list prices built into mpu-janitor";
            case SETTING -> "PRICE_PER_GB_MONTH";
        };
    }

    /** A bar of {@code value} out of {@code largest}, in SVG: unlike a CSS background, it prints. */
    private static String bar(long value, long largest) {
        double percent = largest == 0 ? 0 : 100.0 * value / largest;
        return String.format(Locale.ROOT, "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
                + "<rect class=\"track\" width=\"100\" height=\"10\"/><rect width=\"%.1f\" height=\"10\"/></svg>", percent);
    }

    /** A fix as written in the findings, escaped, with its {@code `names`} set as code. */
    private static String withCode(String text) {
        return CODE.matcher(escape(text)).replaceAll("<code>$1</code>");
    }

    /** Every name and reason passes here: a stack's name, an error message or an endpoint could hold markup. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Light, so that it prints without backgrounds; tables scroll in their own box on a phone and wrap when printed. */
    private static final String STYLE = """
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
            body{margin:0;background:#fff;color:#1f2328;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:62rem;margin:0 auto;padding:1.25rem 1rem 2rem}
            h1{font-size:1.5rem;margin:0 0 .25rem}
            h2{font-size:1.15rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid #d0d7de}
            p{margin:.5rem 0}
            .meta{color:#59636e;margin:0;overflow-wrap:anywhere}
            .note{color:#59636e;font-size:.85rem}
            .warning{border-left:4px solid #9a6700;padding:.25rem .75rem}
            .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.5rem;margin:1rem 0 0;padding:0;list-style:none}
            .figures li{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .75rem;color:#59636e;font-size:.85rem}
            .figures b{display:block;color:#1f2328;font-size:1.15rem}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
            th,td{padding:.35rem .5rem;text-align:left;vertical-align:top;border-bottom:1px solid #d8dee4}
            th{font-size:.8rem;font-weight:600;color:#59636e;white-space:nowrap}
            .num{text-align:right;white-space:nowrap}
            .keep{white-space:nowrap}
            .finding{width:35%}
            .fix{width:40%}
            td.name{overflow-wrap:anywhere;min-width:9rem}
            .chart{width:28%;min-width:4rem;vertical-align:middle}
            svg.bar{display:block;width:100%;height:.75rem}
            svg.bar rect{fill:#2f6fb0}
            svg.bar rect.track{fill:#e6eaef}
            code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            td code,td .note{overflow-wrap:anywhere}
            @media screen and (max-width:40rem){
              table.cards thead{display:none}
              table.cards tr{display:block;padding:.5rem 0;border-bottom:1px solid #d8dee4}
              table.cards td{display:block;width:auto;border:0;padding:.1rem 0}
              table.cards td.name{font-weight:600}
            }
            @media print{
              body{font-size:10pt}
              main{max-width:none;padding:0}
              .scroll{overflow:visible}
              td{overflow-wrap:anywhere}
              tr,.figures li{break-inside:avoid}
              thead{display:table-header-group}
              h2{break-after:avoid}
            }
            @page{margin:15mm}
            """;
}
