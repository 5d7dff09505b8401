package dev.mpujanitor.ports;

/** The price of storing a GB for a month, by region and by the storage class the bytes are billed as. */
@FunctionalInterface
public interface StoragePrices {

    /**
     * @param region             the bucket's region, such as {@code eu-west-1}
     * @param billedStorageClass an S3 storage class: the one the bytes are billed as, which is not always the one they
     *                           were uploaded with
     */
    Price of(String region, String billedStorageClass);
}
