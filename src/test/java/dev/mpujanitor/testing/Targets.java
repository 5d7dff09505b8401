package dev.mpujanitor.testing;

import dev.mpujanitor.aws.AwsTarget;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The clients' target for servers on loopback: given credentials, us-east-1, no profile. */
public final class Targets {

    private Targets() {
    }

    public static AwsTarget loopback(AwsCredentialsProvider credentials) {
        return new AwsTarget(credentials, Region.US_EAST_1, Optional.empty());
    }
}
