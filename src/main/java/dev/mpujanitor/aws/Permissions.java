package dev.mpujanitor.aws;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every IAM action the function needs: the S3 operations it calls ({@link S3Operation}), the invocation of itself that
 * continues a scan ({@link FunctionInvoker}), the Price List's prices ({@link PriceListPrices}), and with ACCOUNTS the
 * organization's accounts ({@link OrganizationAccounts}) and the member roles ({@link AwsAccountAccess}). The
 * template's role grants exactly these, and member-role.yaml the S3 ones in every other account.
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

    /** Needed only when ACCOUNTS is not {@code self}: the member role of each other account. */
    public static Set<String> forOtherAccounts() {
        return Set.of(AwsAccountAccess.IAM_ACTION);
    }

    /** Needed only when ACCOUNTS is {@code organization}: the organization's accounts. */
    public static Set<String> forOrganization() {
        return Set.of(OrganizationAccounts.IAM_ACTION);
    }
}
