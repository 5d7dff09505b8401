package dev.mpujanitor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mpujanitor.config.AccountSelection;
import dev.mpujanitor.config.AccountSettings;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.OrganizationDirectory;
import dev.mpujanitor.ports.OrganizationDirectory.OrganizationAccount;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ScanTargetTest {

    private static final Optional<String> OWN = Optional.of("111111111111");

    private int directoryAsked;
    private final Supplier<OrganizationDirectory> organization = () -> {
        directoryAsked++;
        return action -> List.of(
                new OrganizationAccount("666666666666", "ACTIVE"),
                new OrganizationAccount("111111111111", "ACTIVE"),
                new OrganizationAccount("555555555555", "SUSPENDED"),
                new OrganizationAccount("777777777777", "PENDING_CLOSURE"),
                new OrganizationAccount("444444444444", "ACTIVE"),
                new OrganizationAccount("222222222222", "ACTIVE")).forEach(action);
    };

    private static AccountSettings accounts(AccountSelection selection, String... excluded) {
        return new AccountSettings(selection, Set.of(excluded), "mpu-janitor-member", Optional.empty());
    }

    @Test
    void selfIsTheOwnAccountAloneAndAsksNoOne() {
        ScanTarget target = ScanTarget.of(accounts(new AccountSelection.Self(), "111111111111"), OWN, organization);

        assertThat(target).isEqualTo(ScanTarget.self(AccountRef.own(OWN)));
        assertThat(target.organization()).isFalse();
        assertThat(directoryAsked).isZero();
    }

    @Test
    void theOrganizationIsItsActiveAccountsInIdOrderLessTheExcludedWithTheOwnEnteredAsItself() {
        ScanTarget target = ScanTarget.of(accounts(new AccountSelection.Organization(), "444444444444", "999999999999"), OWN, organization);

        assertThat(target.accounts()).containsExactly(AccountRef.own(OWN), AccountRef.member("222222222222"), AccountRef.member("666666666666"));
        assertThat(target.organization()).isTrue();
        assertThat(target.excluded()).as("only the excluded the organization has").isEqualTo(1);
        assertThat(target.inactive()).isEqualTo(2);
    }

    @Test
    void namedAccountsAreTakenAsTheyAreWithoutAskingTheOrganization() {
        ScanTarget target = ScanTarget.of(accounts(new AccountSelection.Listed(List.of("222222222222", "333333333333")), "333333333333"),
                OWN, organization);

        assertThat(target.accounts()).containsExactly(AccountRef.member("222222222222"));
        assertThat(target.excluded()).isEqualTo(1);
        assertThat(directoryAsked).isZero();
    }

    @Test
    void anOrganizationThatCannotBeListedStopsTheRunBeforeAnyAccount() {
        Supplier<OrganizationDirectory> refusing = () -> action -> {
            throw new OrganizationDirectory.DirectoryException("could not list the organization's accounts: AccessDeniedException", null);
        };

        assertThatThrownBy(() -> ScanTarget.of(accounts(new AccountSelection.Organization()), OWN, refusing))
                .isInstanceOf(OrganizationDirectory.DirectoryException.class).hasMessageContaining("AccessDeniedException");
    }
}
