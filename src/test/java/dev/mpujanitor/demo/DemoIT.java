package dev.mpujanitor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo that the README's first command runs, run here as it is: every step must say what the README promises. */
class DemoIT {

    @Test
    void theDemoFixesTheAccountKeepingEveryRuleAndTheNextDayWritesNothing() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exit = Demo.run(new PrintStream(captured, true, StandardCharsets.UTF_8));

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).doesNotContain("UNEXPECTED");
        String dryRun = out.substring(out.indexOf("== 1."), out.indexOf("== 2."));
        assertThat(dryRun).contains("DRY RUN, nothing is written").containsPattern("acme-athena-query-results +us-east-1 +WOULD_REMEDIATE")
                .containsPattern("acme-keep-out +ap-southeast-2 +EXCLUDED").containsPattern("acme-mfa-vault +us-east-1 +UNFIXABLE +mfa-delete")
                .containsPattern("incomplete uploads +8 in 6 buckets").containsPattern("bytes held +77.0 MiB").contains("monthly cost");
        String realRun = out.substring(out.indexOf("== 2."), out.indexOf("== 3."));
        assertThat(realRun).containsPattern("REMEDIATED +7")
                .contains("acme-data-lake              [raw-to-cold, expire-tmp, old-versions] -> [raw-to-cold, expire-tmp, old-versions, mpu-janitor-abort-incomplete-uploads]")
                .contains("every rule it had is kept, unchanged (3 of 3)");
        String nextDay = out.substring(out.indexOf("== 3."));
        assertThat(nextDay).contains("lifecycle writes: 0").contains("\"BucketsScanned\" : 12").contains("\"BucketsRemediated\" : 0");
        assertThat(out).contains("the embedded S3 and its files are gone");
    }
}
