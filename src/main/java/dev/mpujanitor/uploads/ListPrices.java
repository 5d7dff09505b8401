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
 * date and source): every commercial region, every storage class, S3 Express One Zone's in us-east-1 alone. Used
 * when the Price List API cannot be asked (an S3-compatible store) or does not answer (no {@code pricing:GetProducts},
 * no route to it). A region it does not know, such as an S3-compatible store's, is priced as us-east-1; so is a class
 * the table has no figure for in a region it knows (a cell of {@code -}: S3 Express One Zone's outside us-east-1),
 * and the price says so.
 */
public final class ListPrices implements StoragePrices {

    static final String FALLBACK_REGION = "us-east-1";
    private static final String RESOURCE = "s3-list-prices.tsv";
    /** A cell without a figure: no price was found for that region and class. */
    private static final String NO_FIGURE = "-";

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
                if (!NO_FIGURE.equals(cells[column])) {
                    prices.put(columns[column], new BigDecimal(cells[column]));
                }
            }
            byRegion.put(cells[0], prices);
        }
        // Every gap is filled from us-east-1, so it must have every figure.
        for (int column = 2; columns != null && column < columns.length; column++) {
            if (!byRegion.getOrDefault(FALLBACK_REGION, Map.of()).containsKey(columns[column])) {
                throw new IllegalStateException(FALLBACK_REGION + " has no " + columns[column] + " price, and stands in for every region without one");
            }
        }
        return new ListPrices(byRegion);
    }

    @Override
    public Price of(String region, String billedStorageClass) {
        String pricedIn = pricedIn(region, billedStorageClass);
        BigDecimal price = Optional.ofNullable(byRegion.get(pricedIn).get(billedStorageClass))
                .orElseGet(() -> byRegion.get(pricedIn).get("STANDARD"));
        return new Price(price, PriceSource.TABLE, pricedIn);
    }

    /**
     * The region whose figure stands for {@code region}'s: its own, or us-east-1's for a region the table does not
     * know, or for a class the table has but not in that region (S3 Express One Zone's outside us-east-1). A class
     * the table does not have at all stays in its region, and is priced as STANDARD there.
     */
    private String pricedIn(String region, String billedStorageClass) {
        if (!byRegion.containsKey(region)) {
            return FALLBACK_REGION;
        }
        boolean noFigureHere = !byRegion.get(region).containsKey(billedStorageClass);
        return noFigureHere && byRegion.get(FALLBACK_REGION).containsKey(billedStorageClass) ? FALLBACK_REGION : region;
    }

    /** The regions the table has prices for. */
    public Set<String> regions() {
        return byRegion.keySet();
    }
}
