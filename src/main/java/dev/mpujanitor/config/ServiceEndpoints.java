package dev.mpujanitor.config;

import java.net.URI;
import java.util.Optional;

/**
 * Endpoints that replace AWS's own, named by the SDK's variables: an S3-compatible store for S3, and, for tests and
 * private endpoints, another Price List, STS or Organizations. Empty means AWS.
 *
 * @param s3        {@code AWS_ENDPOINT_URL_S3}, then {@code AWS_ENDPOINT_URL}: an S3-compatible store, which has no AWS
 *                  account, so no expected owner is sent and no AWS price list is asked, unless their own endpoints
 *                  are given beside it
 * @param priceList {@code AWS_ENDPOINT_URL_PRICING}
 * @param sts       {@code AWS_ENDPOINT_URL_STS}
 * @param organizations {@code AWS_ENDPOINT_URL_ORGANIZATIONS}
 * @param s3Express {@code S3_EXPRESS_ENDPOINT_URL}: one endpoint for both of S3 Express One Zone's, the Regional
 *                  ({@code s3express-control.<region>}, which S3 Control's tagging of directory buckets uses too) and
 *                  the Zonal; the SDK has no variable for them. It must be an IP address: the SDK addresses a
 *                  directory bucket by its host name on any other
 */
public record ServiceEndpoints(Optional<URI> s3, Optional<URI> priceList, Optional<URI> sts, Optional<URI> organizations, Optional<URI> s3Express) {

    public static ServiceEndpoints aws() {
        return new ServiceEndpoints(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Whether STS may be asked whose credentials these are: against AWS, or where an STS endpoint is given beside an
     * S3-compatible store's (one that stands in for AWS, such as an emulator's).
     */
    public boolean asksSts() {
        return s3.isEmpty() || sts.isPresent();
    }

    /** Whether the AWS Price List may be asked: against AWS, or where a Price List endpoint is given. */
    public boolean asksThePriceList() {
        return s3.isEmpty() || priceList.isPresent();
    }
}
