package dev.mpujanitor.aws;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
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
            ProfileFile profiles = profileFiles();
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
        if (!s3CompatibleEndpoint && !isAwsRegion(resolved)) {
            throw new TargetException("unknown AWS region '" + resolved.id() + "': not a region of any AWS partition (such as us-east-1 or eu-west-1); "
                    + "check --region, AWS_REGION or the profile's region");
        }
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new TargetException(profile
                    .map(name -> "profile '" + name + "' gives no AWS credentials (" + firstLine(e.getMessage()) + "): add keys to it, or sign in with aws sso login --profile " + name)
                    .orElse("no AWS credentials: pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"));
        }
        return new AwsTarget(new ResolvedCredentials(credentials), resolved, profile);
    }

    /**
     * The AWS credentials and config files, found and aggregated in the order {@link ProfileFile#defaultProfileFile()}
     * uses, but each parsed on its own, so that a line the SDK cannot parse is named with its file: the SDK's own error
     * gives the line alone.
     */
    private static ProfileFile profileFiles() {
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        ProfileFileLocation.credentialsFileLocation().ifPresent(file -> files.addFile(parsed(file, ProfileFile.Type.CREDENTIALS)));
        ProfileFileLocation.configurationFileLocation().ifPresent(file -> files.addFile(parsed(file, ProfileFile.Type.CONFIGURATION)));
        return files.build();
    }

    private static ProfileFile parsed(Path file, ProfileFile.Type type) {
        try {
            return ProfileFile.builder().content(file).type(type).build();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new TargetException("cannot read the AWS " + (type == ProfileFile.Type.CREDENTIALS ? "credentials" : "config") + " file " + file
                    + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * A region of a partition the SDK knows: one it lists, or one named as that partition names its regions (a
     * region newer than this build, such as a third eu-south), so that only a name no AWS partition could have is
     * refused. An S3-compatible store may use any name, and is never asked about.
     */
    static boolean isAwsRegion(Region region) {
        return Region.regions().contains(region) || PartitionPatterns.ALL.stream().anyMatch(pattern -> region.id().matches(pattern));
    }

    /**
     * How each partition the SDK knows names its regions: aws, for one, as {@code (us|eu|ap|...)-\w+-\d+}. Read on first
     * need, by the command line alone: building it reads every region's metadata, which a Lambda start must not pay.
     */
    private static final class PartitionPatterns {
        static final Set<String> ALL = Region.regions().stream()
                .map(RegionMetadata::of).filter(Objects::nonNull).map(RegionMetadata::partition)
                .map(PartitionMetadata::regionRegex).collect(Collectors.toUnmodifiableSet());
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
