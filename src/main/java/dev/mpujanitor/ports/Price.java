package dev.mpujanitor.ports;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * What a GB-month of one storage class costs in one region, in USD, and where that figure came from. S3 bills by the
 * GB-month of 2^30 bytes.
 *
 * @param region the region whose price this is; another than the bucket's when that one has no list price (an
 *               S3-compatible store's region), which is then priced as us-east-1
 */
public record Price(BigDecimal usdPerGbMonth, PriceSource source, String region) {

    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

    /** To the hundred-millionth of a dollar, written as people write money: {@code 0.00056153}, {@code 0}, never {@code 0E-8}. */
    public BigDecimal monthlyCost(long bytes) {
        BigDecimal cost = BigDecimal.valueOf(bytes).multiply(usdPerGbMonth).divide(BYTES_PER_GB, MathContext.DECIMAL64)
                .setScale(8, RoundingMode.HALF_UP).stripTrailingZeros();
        return cost.scale() < 0 ? cost.setScale(0) : cost;
    }
}
