package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.ports.StoragePrices;
import java.math.BigDecimal;

/** PRICE_PER_GB_MONTH: one price for every region and storage class, the operator's own (private pricing). */
public record FixedPrice(BigDecimal usdPerGbMonth) implements StoragePrices {

    @Override
    public Price of(String region, String billedStorageClass) {
        return new Price(usdPerGbMonth, PriceSource.SETTING, region);
    }
}
