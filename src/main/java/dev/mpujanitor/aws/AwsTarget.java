package dev.mpujanitor.aws;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Whose credentials the clients use, and which region they list from.
 *
 * @param profile the named profile the credentials come from, when one was asked for
 */
public record AwsTarget(AwsCredentialsProvider credentials, Region region, Optional<String> profile) {

    /**
     * The Lambda function's: the credentials and region the runtime puts in its environment. An S3-compatible store
     * usually ignores the region, but signing still needs one.
     */
    public static AwsTarget ofEnvironment(boolean s3CompatibleEndpoint) {
        return new AwsTarget(new ResolvedCredentials(DefaultCredentialsProvider.builder().build()), region(new DefaultAwsRegionProviderChain(), s3CompatibleEndpoint).orElseThrow(() -> new TargetException(noRegion(Optional.empty()))), Optional.empty());
    }

    /**
     * A workstation's, as the AWS CLI resolves them: a {@code profile} is used for the credentials and nothing else,
     * whatever keys the environment holds; the region is {@code region}, else AWS_REGION, else the profile's. The
     * credentials are resolved now, so that a missing one is one clear line before any call, never the SDK's
     * account of every place it looked.
     *
     * @throws TargetException saying what is missing and what to do
     */
    public static AwsTarget forWorkstation(Optional<String> profile, Optional<String> region, boolean s3CompatibleEndpoint) {
        AwsCredentialsProvider credentials;
        DefaultAwsRegionProviderChain.Builder regionChain = DefaultAwsRegionProviderChain.builder();
        if (profile.isPresent()) {
            String name = profile.get();
            ProfileFile profiles = ProfileFile.defaultProfileFile();
            if (profiles.profile(name).isEmpty()) {
                throw new TargetException("no profile '" + name + "' in the AWS config or credentials file: check the name, or create it with "
                        + "aws configure --profile " + name);
            }
            credentials = ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build();
            regionChain.profileFile(() -> profiles).profileName(name);
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        Region resolved = region.map(Region::of).or(() -> region(regionChain.build(), s3CompatibleEndpoint))
                .orElseThrow(() -> new TargetException(noRegion(profile)));
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new TargetException(profile
                    .map(name -> "profile '" + name + "' gives no AWS credentials (" + firstLine(e.getMessage()) + "): add keys to it, or sign in with aws sso login --profile " + name)
                    .orElse("no AWS credentials: pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"));
        }
        return new AwsTarget(new ResolvedCredentials(credentials), resolved, profile);
    }

    private static Optional<Region> region(DefaultAwsRegionProviderChain chain, boolean s3CompatibleEndpoint) {
        try {
            return Optional.of(chain.getRegion());
        } catch (SdkException noRegion) {
            return s3CompatibleEndpoint ? Optional.of(Region.US_EAST_1) : Optional.empty();
        }
    }

    private static String noRegion(Optional<String> profile) {
        return "no AWS region: pass --region or set AWS_REGION" + profile.map(name -> ", or set region in profile '" + name + "'").orElse("");
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /** The clients cannot be set up: the message is one line that says what to do. */
    public static final class TargetException extends RuntimeException {
        public TargetException(String message) {
            super(message);
        }
    }
}
