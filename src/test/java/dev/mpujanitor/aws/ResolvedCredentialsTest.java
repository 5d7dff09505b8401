package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class ResolvedCredentialsTest {

    /** A provider that counts how often it is asked. */
    private static final class Counting implements AwsCredentialsProvider {
        final AtomicInteger asked = new AtomicInteger();
        private final AwsCredentials credentials;

        Counting(AwsCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            asked.incrementAndGet();
            return credentials;
        }
    }

    @Test
    void credentialsWithoutAnExpiryAreResolvedOnceAndKept() {
        Counting keys = new Counting(AwsBasicCredentials.create("AKIAEXAMPLE", "secret"));
        ResolvedCredentials resolved = new ResolvedCredentials(keys);

        for (int call = 0; call < 1_000; call++) {
            assertThat(resolved.resolveCredentials().accessKeyId()).isEqualTo("AKIAEXAMPLE");
        }

        assertThat(keys.asked).hasValue(1);
    }

    @Test
    void expiringCredentialsAreAskedOfTheirOwnProviderEveryTimeWhichRenewsThem() {
        Counting session = new Counting(AwsSessionCredentials.builder().accessKeyId("ASIAEXAMPLE").secretAccessKey("secret").sessionToken("token")
                .expirationTime(Instant.now().plusSeconds(3600)).build());
        ResolvedCredentials resolved = new ResolvedCredentials(session);

        resolved.resolveCredentials();
        resolved.resolveCredentials();
        resolved.resolveCredentials();

        assertThat(session.asked).hasValue(3);
    }
}
