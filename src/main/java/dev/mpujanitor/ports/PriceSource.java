package dev.mpujanitor.ports;

/** Where a price came from; a record names it, so that a figure can be checked against the bill. */
public enum PriceSource {
    /** The AWS Price List API, read during this run. */
    API("api"),
    /** The list prices built into this release, when the API could not be asked or did not answer. */
    TABLE("table"),
    /** PRICE_PER_GB_MONTH: the operator's own price, for private pricing. */
    SETTING("setting");

    private final String label;

    PriceSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
