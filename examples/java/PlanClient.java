// A Java platform drawing a quarter's plan through `ssj serve`, with nothing
// but the JDK (17+): java.net.http for HTTP, files for the documents.
//
//   ssj serve --addr 127.0.0.1:8080 &
//   ssj plan --demo --save-request request.json --out cli-plan.json
//   java examples/java/PlanClient.java http://127.0.0.1:8080 request.json plan.json
//   cmp plan.json cli-plan.json     # the same bytes
//
// The bodies are JSON objects whose members are the documents the CLI reads
// from files; the answers are the documents it writes. A real platform would
// use its own JSON library; this one splices text so it needs none.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

public class PlanClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** POSTs a JSON body; returns the answer, whatever its status. */
    static HttpResponse<String> post(String base, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Fails with the service's own message unless the status is 200. */
    static String expectOk(String what, HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            // 400: bad input; 422: a domain "no" — the body says what, in the CLI's words.
            throw new IllegalStateException(what + ": HTTP " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java PlanClient.java BASE_URL request.json plan.json");
            System.exit(2);
        }
        String base = args[0];
        String request = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);

        String health = expectOk("health", HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        System.out.println("service: " + health.replaceAll("\\s+", " "));

        // Plan, and keep the plan exactly as answered.
        String plan = expectOk("plan", post(base, "/v2/plan", "{\"request\": " + request + "}"));
        Files.writeString(Path.of(args[2]), plan, StandardCharsets.UTF_8);
        System.out.println("planned: " + plan.length() + " bytes written to " + args[2]);

        // Anyone can re-draw from the request and compare.
        String verified = expectOk("verify",
                post(base, "/v2/verify", "{\"plan\": " + plan + ", \"request\": " + request + "}"));
        if (!verified.contains("\"verified\": true")) {
            throw new IllegalStateException("verify: " + verified);
        }
        System.out.println("verified by the service");

        // A plan edited after the draw is a domain "no": 422 with the reason.
        String edited = plan.replaceFirst("\"month\": (\\d+)", "\"month\": 99");
        HttpResponse<String> refused = post(base, "/v2/verify",
                "{\"plan\": " + edited + ", \"request\": " + request + "}");
        if (refused.statusCode() != 400 && refused.statusCode() != 422) {
            throw new IllegalStateException("an edited plan was answered " + refused.statusCode());
        }
        System.out.println("an edited plan is refused: HTTP " + refused.statusCode());

        // Not JSON at all: 415, never a 5xx.
        HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/plan"))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString("id,name\n"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (notJson.statusCode() != 415) {
            throw new IllegalStateException("a CSV body was answered " + notJson.statusCode());
        }
        System.out.println("a CSV body is refused: HTTP 415");
    }
}
