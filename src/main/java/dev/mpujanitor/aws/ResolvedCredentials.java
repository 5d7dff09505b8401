package dev.mpujanitor.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials resolved once and kept, where nothing makes them expire: keys from the environment (a Lambda function's
 * are there for the life of its process), a profile's or the system properties' keys. Otherwise each call walks the
 * SDK's chain to the provider that answered and builds the credentials again, tens of microseconds every request.
 * Credentials that carry an expiry (SSO, a container's or an instance's role) are asked of their own provider every
 * time, which caches them and renews them before they expire, as the SDK means it to.
 */
final class ResolvedCredentials implements AwsCredentialsProvider {

    private final AwsCredentialsProvider source;
    private volatile AwsCredentials fixed;

    ResolvedCredentials(AwsCredentialsProvider source) {
        this.source = source;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        AwsCredentials known = fixed;
        if (known != null) {
            return known;
        }
        AwsCredentials resolved = source.resolveCredentials();
        if (resolved.expirationTime().isEmpty()) {
            fixed = resolved;
        }
        return resolved;
    }
}
