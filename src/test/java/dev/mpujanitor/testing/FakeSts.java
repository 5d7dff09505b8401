package dev.mpujanitor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS STS on loopback, speaking its wire protocol (awsQuery: a signed form POST, an XML answer): AssumeRole hands out
 * credentials of the account whose role is assumed, GetCallerIdentity names the hub's account. Like IAM, it refuses
 * with 403 AccessDenied an AssumeRole by anyone but the hub, of a role other than the member role, without the
 * external ID the role requires, or into an account told to refuse.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
public final class FakeSts implements AutoCloseable {

    /** One AssumeRole request, as received. */
    public record AssumeRoleCall(String roleArn, String sessionName, Optional<String> externalId, String accessKey) {
        public String account() {
            return roleArn.split(":")[4];
        }
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([^/]+)/sts/aws4_request");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):role/(.+)");
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final HttpServer server;
    private final String hubAccount;
    private final String hubAccessKey;
    private final String memberRole;
    private final Optional<String> externalId;
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();
    private final List<AssumeRoleCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger identityCalls = new AtomicInteger();
    private volatile String callerArn;

    /**
     * @param hubAccessKey the access key of the hub's own credentials, the only caller trusted
     * @param memberRole   the name of the role every member account has
     * @param externalId   the external ID the member roles require, when they do
     */
    public FakeSts(String hubAccount, String hubAccessKey, String memberRole, Optional<String> externalId) throws IOException {
        this.hubAccount = hubAccount;
        this.hubAccessKey = hubAccessKey;
        this.memberRole = memberRole;
        this.externalId = externalId;
        this.callerArn = "arn:aws:iam::" + hubAccount + ":user/operator";
        server = Loopback.serve("/", this::handle);
    }

    public URI endpoint() {
        return Loopback.endpoint(server);
    }

    /** This account's role refuses the hub, as a role whose trust policy names another principal does. */
    public FakeSts refusing(String account) {
        refusing.add(account);
        return this;
    }

    /** An STS that only says who the caller is: {@code callerArn}, such as a session of the function's role. */
    public static FakeSts naming(String callerArn) throws IOException {
        String account = callerArn.split(":")[4];
        return new FakeSts(account, "", "", Optional.empty()).answeringAs(callerArn);
    }

    /** GetCallerIdentity names this ARN, such as a session of the function's role, instead of an IAM user's. */
    public FakeSts answeringAs(String arn) {
        callerArn = arn;
        return this;
    }

    /** How many times GetCallerIdentity was asked. */
    public int identityCalls() {
        return identityCalls.get();
    }

    public List<AssumeRoleCall> calls() {
        return List.copyOf(calls);
    }

    /** The access key of the credentials handed out for {@code account}: 20 characters, as AWS's are. */
    public static String accessKeyOf(String account) {
        return "ASIA" + account + "TEST";
    }

    /** Whose credentials an access key handed out here is. */
    public static Optional<String> accountOf(String accessKey) {
        Matcher matcher = Pattern.compile("ASIA([0-9]{12})TEST").matcher(accessKey);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Matcher credential = CREDENTIAL.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (!"POST".equals(exchange.getRequestMethod()) || !credential.find()) {
                error(exchange, 403, "IncompleteSignature", "the request is not signed for sts");
                return;
            }
            String caller = credential.group(1);
            switch (form.getOrDefault("Action", "")) {
                case "GetCallerIdentity" -> {
                    identityCalls.incrementAndGet();
                    respond(exchange, 200, "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\"><GetCallerIdentityResult>"
                        + "<Arn>" + callerArn + "</Arn><UserId>AIDATEST</UserId><Account>" + hubAccount
                        + "</Account></GetCallerIdentityResult>" + metadata() + "</GetCallerIdentityResponse>");
                }
                case "AssumeRole" -> assumeRole(exchange, form, caller);
                default -> error(exchange, 400, "InvalidAction", "not an action of this fake: " + form.get("Action"));
            }
        }
    }

    private void assumeRole(HttpExchange exchange, Map<String, String> form, String caller) throws IOException {
        String roleArn = form.getOrDefault("RoleArn", "");
        AssumeRoleCall call = new AssumeRoleCall(roleArn, form.getOrDefault("RoleSessionName", ""), Optional.ofNullable(form.get("ExternalId")), caller);
        calls.add(call);
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            error(exchange, 400, "ValidationError", "1 validation error detected: Value '" + roleArn + "' at 'roleArn' failed to satisfy constraint");
            return;
        }
        String account = role.group(1);
        boolean trusted = caller.equals(hubAccessKey) && role.group(2).equals(memberRole) && !refusing.contains(account)
                && externalId.equals(call.externalId());
        if (!trusted) {
            // STS says the same whether the role is missing or does not trust the caller.
            error(exchange, 403, "AccessDenied", "User: arn:aws:sts::" + hubAccount + ":assumed-role/janitor/janitor is not authorized to perform: "
                    + "sts:AssumeRole on resource: " + roleArn);
            return;
        }
        respond(exchange, 200, "<AssumeRoleResponse xmlns=\"" + NAMESPACE + "\"><AssumeRoleResult>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::" + account + ":assumed-role/" + memberRole + "/" + call.sessionName() + "</Arn>"
                + "<AssumedRoleId>AROATEST:" + call.sessionName() + "</AssumedRoleId></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + accessKeyOf(account) + "</AccessKeyId><SecretAccessKey>secret-" + account + "</SecretAccessKey>"
                + "<SessionToken>token-" + account + "</SessionToken><Expiration>" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "</Expiration></Credentials></AssumeRoleResult>" + metadata() + "</AssumeRoleResponse>");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>";
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        Loopback.respond(exchange, status, "text/xml", xml);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
