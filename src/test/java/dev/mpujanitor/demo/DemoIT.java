package dev.mpujanitor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.testing.Chromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The demo that the README's first command runs, run here as it is: every step must say what the README promises. */
class DemoIT {

    /** A story read on a screen or two; the raw documents go to files. */
    private static final int MOST_LINES = 100;

    @Test
    void theDemoFixesTheAccountKeepingEveryRuleAndTheNextDayWritesNothing() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exit = Demo.run(new PrintStream(captured, true, StandardCharsets.UTF_8));

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).doesNotContain("UNEXPECTED");
        assertThat(out.lines().count()).as(out).isLessThanOrEqualTo(MOST_LINES);
        String dryRun = out.substring(out.indexOf("== 1."), out.indexOf("== 2."));
        assertThat(dryRun).contains("DRY RUN, nothing is written").containsPattern("acme-athena-query-results +us-east-1 +WOULD_REMEDIATE")
                .containsPattern("acme-keep-out +ap-southeast-2 +EXCLUDED").containsPattern("acme-mfa-vault +us-east-1 +UNFIXABLE +mfa-delete")
                .containsPattern("acme-payroll-exports +us-east-1 +FAILED +AccessDenied")
                .containsPattern("acme-analytics--use1-az4--x-s3 +us-east-1 +WOULD_REMEDIATE")
                .containsPattern("acme-scratch--use1-az5--x-s3 +us-east-1 +UNFIXABLE +lifecycle-not-let-in")
                .containsPattern("S3 Lifecycle cannot act on acme-scratch--use1-az5--x-s3: the bucket has no policy\\. Add this statement to its bucket policy:"
                        + "\\R +\\{.*\"lifecycle\\.s3\\.amazonaws\\.com\".*\"arn:aws:s3express:us-east-1:\\d{12}:bucket/acme-scratch--use1-az5--x-s3\"")
                .contains("No run writes acme-scratch--use1-az5--x-s3's policy")
                .containsPattern("buckets +15").containsPattern("incomplete uploads +9 in 7 buckets").containsPattern("bytes held +87.0 MiB")
                .contains("monthly cost")
                .contains("wrote " + Demo.REPORT).contains("wrote " + Demo.CSV);
        String realRun = out.substring(out.indexOf("== 2."), out.indexOf("== 3."));
        assertThat(realRun).containsPattern("acme-data-lake +raw-to-cold, expire-tmp, old-versions +mpu-janitor-abort-incomplete-uploads")
                .containsPattern("acme-athena-query-results +\\(no rules\\) +mpu-janitor-abort-incomplete-uploads")
                .containsPattern("acme-analytics--use1-az4--x-s3 +\\(no rules\\) +mpu-janitor-abort-incomplete-uploads")
                .contains("8 buckets now abort incomplete uploads");
        String nextDay = out.substring(out.indexOf("== 3."), out.indexOf("== Next"));
        assertThat(nextDay).containsPattern("BucketsScanned +15 +Count").containsPattern("BucketsRemediated +0 +Count")
                .containsPattern("BucketsFailed +1 +Count +acme-payroll-exports")
                .containsPattern("IncompleteUploadBytes +\\d+ +Bytes +16.0 MiB, not 87.0 MiB: ").contains(Demo.METRICS.toString())
                .doesNotContain("\"_aws\"");
        assertThat(Files.readString(Demo.METRICS)).contains("\"_aws\"").contains("\"BucketsScanned\":15").contains("\"ErrorCode\":\"AccessDenied\"");
        String next = out.substring(out.indexOf("== Next"));
        assertThat(next).contains(Demo.REPORT.toString()).contains("./mvnw verify").contains("Rolling out safely")
                .contains("the embedded S3 is gone");
        assertThat(Files.readString(Demo.CSV)).contains("acme-payroll-exports,us-east-1,general-purpose,FAILED,AccessDenied,")
                .contains("acme-scratch--use1-az5--x-s3,us-east-1,directory,UNFIXABLE,lifecycle-not-let-in");
        try (Chromium chromium = Chromium.require()) {
            chromium.open(Demo.REPORT.toAbsolutePath().toUri());
            assertThat(chromium.evaluate("document.getElementById('wasters').innerText").asText()).as("both kinds among the wasters")
                    .contains("acme-athena-query-results").contains("acme-analytics--use1-az4--x-s3");
            assertThat(chromium.evaluate("document.getElementById('needs-a-human').innerText").asText())
                    .as("the bucket whose read was refused, and the directory bucket S3 Lifecycle is not let into, with the statement to add")
                    .contains("acme-payroll-exports").contains("AccessDenied").contains("acme-scratch--use1-az5--x-s3").contains("lifecycle.s3.amazonaws.com");
        }
    }
}
