package dev.mpujanitor.uploads;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** What a byte-month of the parts' storage costs, in USD; S3 bills by the GB-month of 2^30 bytes. */
public record StoragePrice(BigDecimal perGbMonth) {

    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

    /** To the hundred-millionth of a dollar, written as people write money: {@code 0.00056153}, {@code 0}, never {@code 0E-8}. */
    public BigDecimal monthlyCost(long bytes) {
        BigDecimal cost = BigDecimal.valueOf(bytes).multiply(perGbMonth).divide(BYTES_PER_GB, MathContext.DECIMAL64)
                .setScale(8, RoundingMode.HALF_UP).stripTrailingZeros();
        return cost.scale() < 0 ? cost.setScale(0) : cost;
    }
}
