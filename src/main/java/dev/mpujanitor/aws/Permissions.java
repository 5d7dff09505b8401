package dev.mpujanitor.aws;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every IAM action the function needs: the S3 operations it calls ({@link S3Operation}), the invocation of itself that
 * continues a scan ({@link FunctionInvoker}) and the Price List's prices ({@link PriceListPrices}). The template's role
 * grants exactly these.
 */
public final class Permissions {

    private Permissions() {
    }

    /** Needed whatever the settings. */
    public static Set<String> always() {
        return Stream.concat(S3Operation.requiredIamActions().stream(), Stream.of(FunctionInvoker.IAM_ACTION, PriceListPrices.IAM_ACTION))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Needed only when the boolean {@code setting} is true. */
    public static Set<String> onlyWith(String setting) {
        return S3Operation.iamActionsOnlyWith(setting);
    }
}
