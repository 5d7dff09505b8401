package dev.mpujanitor.uploads;

import java.util.Locale;
import java.util.Set;

/**
 * The storage class an incomplete upload's parts are billed as, from the storage class it was started with.
 *
 * <p>"These parts are billed according to the storage class specified when the parts are uploaded. [...]
 * In-progress multipart parts for a PUT request to the S3 Glacier Flexible Retrieval storage class are billed as S3
 * Glacier Flexible Retrieval staging storage at S3 Standard storage rates until the upload completes. [...]
 * Similarly, in-progress multipart parts for a PUT to the S3 Glacier Deep Archive storage class are billed [...] at
 * S3 Standard storage rates until the upload completes."
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuploadpricing
 *
 * <p>Intelligent-Tiering stores new data in its Frequent Access tier, so its parts are priced at that tier.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html
 *
 * <p>An upload to a directory bucket is listed with EXPRESS_ONEZONE, and its parts are billed as that class: the
 * usage report names S3 Express One Zone's storage {@code <region>-TimedStorage-XZ-ByteHrs} ("The number of GB-months
 * that data was stored in S3 Express One Zone storage") and, unlike the Glacier classes', no staging storage for it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/aws-usage-report-understand.html
 */
public final class BillingRules {

    /** The classes with a storage price of their own in the list prices. */
    static final Set<String> PRICED = Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR",
            "GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE");

    private BillingRules() {
    }

    /**
     * GLACIER and DEEP_ARCHIVE parts are billed at S3 Standard rates; a class this release does not know, or none
     * (some S3-compatible stores send none), is priced as STANDARD, which is what S3 assumes when a PUT names none.
     */
    public static String billedAs(String uploadStorageClass) {
        String storageClass = uploadStorageClass == null || uploadStorageClass.isBlank() ? "STANDARD" : uploadStorageClass.toUpperCase(Locale.ROOT);
        return switch (storageClass) {
            case "GLACIER", "DEEP_ARCHIVE" -> "STANDARD";
            default -> PRICED.contains(storageClass) ? storageClass : "STANDARD";
        };
    }
}
