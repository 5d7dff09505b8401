package dev.mpujanitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS Organizations on loopback, speaking its wire protocol (AWS JSON 1.1: a signed POST, the operation in
 * {@code X-Amz-Target}, signed for us-east-1): ListAccounts answers a few accounts a page, whatever MaxResults asks,
 * so that paging is exercised, with each account's State and the older Status as AWS documents them.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
public final class FakeOrganizations extends AwsJsonFake {

    private final Map<String, String> stateOfAccount;
    private final int pageSize;
    private volatile boolean withoutState;

    /** @param stateOfAccount each account and its State: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED... */
    public FakeOrganizations(Map<String, String> stateOfAccount, int pageSize) throws IOException {
        super("AWSOrganizationsV20161128.ListAccounts", "/us-east-1/organizations/aws4_request", "You don't have permissions to access this resource.");
        this.stateOfAccount = new LinkedHashMap<>(stateOfAccount);
        this.pageSize = pageSize;
    }

    /** From now on, as outside the management account: AccessDeniedException. */
    public FakeOrganizations refusing() {
        refuseAll();
        return this;
    }

    /**
     * Answers the next {@code requests} requests with TooManyRequestsException, the throttling error ListAccounts
     * documents (HTTP 400).
     */
    public FakeOrganizations throttlingNext(int requests) {
        throttleNext(requests, "TooManyRequestsException");
        return this;
    }

    /** Answers as before State existed: Status alone. */
    public FakeOrganizations withoutState() {
        withoutState = true;
        return this;
    }

    @Override
    JsonNode answer(JsonNode request) {
        int from = request.path("NextToken").isTextual() ? Integer.parseInt(request.get("NextToken").asText()) : 0;
        List<Map.Entry<String, String>> accounts = List.copyOf(stateOfAccount.entrySet());
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode page = answer.putArray("Accounts");
        for (Map.Entry<String, String> account : accounts.subList(from, Math.min(accounts.size(), from + pageSize))) {
            String id = account.getKey();
            ObjectNode entry = page.addObject()
                    .put("Id", id)
                    .put("Arn", "arn:aws:organizations::111111111111:account/o-exampleorgid/" + id)
                    .put("Email", "aws+" + id + "@example.com")
                    .put("Name", "account " + id)
                    // The older field: SUSPENDED for any account no longer active, as before State existed.
                    .put("Status", account.getValue().equals("ACTIVE") ? "ACTIVE" : "SUSPENDED")
                    .put("JoinedMethod", "CREATED")
                    .put("JoinedTimestamp", 1.7e9);
            if (!withoutState) {
                entry.put("State", account.getValue());
            }
        }
        if (from + pageSize < accounts.size()) {
            answer.put("NextToken", String.valueOf(from + pageSize));
        }
        return answer;
    }
}
