package dev.mpujanitor.ports;

import java.util.Optional;

/**
 * A bucket's policy as S3 returned it, with the bucket's ARN, which a statement to add must name.
 *
 * @param document the policy document, as JSON; empty when the bucket has no policy
 */
public record BucketPolicy(String bucketArn, Optional<String> document) {
}
