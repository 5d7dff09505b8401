package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.Price;
import java.math.BigDecimal;

/**
 * A bucket's incomplete uploads of one storage class, what they are billed as, and what they cost a month.
 *
 * @param storageClass   the class the uploads were started with, as ListMultipartUploads says
 * @param billedAs       the class their parts are billed as ({@link BillingRules#billedAs})
 * @param monthlyCostUsd {@code bytes} at {@code price}
 */
public record StoredBytes(String storageClass, String billedAs, long uploads, long bytes, Price price, BigDecimal monthlyCostUsd) {
}
