package dev.mpujanitor.uploads;

import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.ports.StoragePrices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The S3 list prices built into this release ({@code s3-list-prices.tsv} beside this class, whose header gives their
 * date and source): every commercial region, every storage class. Used when the Price List API cannot be asked (an
 * S3-compatible store) or does not answer (no {@code pricing:GetProducts}, no route to it). A region it does not
 * know, such as an S3-compatible store's, is priced as us-east-1.
 */
public final class ListPrices implements StoragePrices {

    static final String FALLBACK_REGION = "us-east-1";
    private static final String RESOURCE = "s3-list-prices.tsv";

    private final Map<String, Map<String, BigDecimal>> byRegion;

    private ListPrices(Map<String, Map<String, BigDecimal>> byRegion) {
        this.byRegion = Map.copyOf(byRegion);
    }

    /** The table shipped with this release, read once. */
    public static ListPrices builtIn() {
        return BuiltIn.TABLE;
    }

    private static final class BuiltIn {
        static final ListPrices TABLE = read();
    }

    private static ListPrices read() {
        try (InputStream in = ListPrices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ListPrices parse(BufferedReader table) throws IOException {
        Map<String, Map<String, BigDecimal>> byRegion = new HashMap<>();
        String[] columns = null;
        for (String line = table.readLine(); line != null; line = table.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            if (columns == null) {
                columns = cells;
                continue;
            }
            Map<String, BigDecimal> prices = new HashMap<>();
            for (int column = 2; column < columns.length; column++) {
                prices.put(columns[column], new BigDecimal(cells[column]));
            }
            byRegion.put(cells[0], prices);
        }
        return new ListPrices(byRegion);
    }

    @Override
    public Price of(String region, String billedStorageClass) {
        String pricedIn = byRegion.containsKey(region) ? region : FALLBACK_REGION;
        BigDecimal price = Optional.ofNullable(byRegion.get(pricedIn).get(billedStorageClass))
                .orElseGet(() -> byRegion.get(pricedIn).get("STANDARD"));
        return new Price(price, PriceSource.TABLE, pricedIn);
    }

    /** The regions the table has prices for. */
    public Set<String> regions() {
        return byRegion.keySet();
    }
}
