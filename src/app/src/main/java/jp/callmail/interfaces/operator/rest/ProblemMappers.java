package jp.callmail.interfaces.operator.rest;

import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.callmail.application.DatabaseFailureClassifier;
import jp.callmail.application.ImportRefused;
import jp.callmail.application.Views.ImportRowResult;
import jp.callmail.domain.model.Conflict;
import jp.callmail.domain.model.NotFound;
import jp.callmail.domain.model.NotPermitted;
import jp.callmail.domain.model.RuleViolation;
import jp.callmail.interfaces.operator.rest.csv.LineCsv;

/** Every error of the API as problem JSON: rule violations, unreadable JSON, unknown URLs, bugs. */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  static Response problem(int status, String title, String detail, String field, String rule) {
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem("urn:callmail:problem:" + rule, title, status, detail, field, rule))
        .build();
  }

  /** A domain rule: 400, or 404/409 for its not-found and conflict kinds. */
  @Provider
  public static class RuleViolationMapper implements ExceptionMapper<RuleViolation> {
    @Override
    public Response toResponse(RuleViolation e) {
      if (e instanceof NotFound) {
        return problem(404, "Not found", e.getMessage(), e.field(), e.rule());
      }
      if (e instanceof NotPermitted) {
        return problem(403, "Forbidden", e.getMessage(), e.field(), e.rule());
      }
      if (e instanceof Conflict) {
        return problem(409, "Conflict", e.getMessage(), e.field(), e.rule());
      }
      return problem(400, "Invalid input", e.getMessage(), e.field(), e.rule());
    }
  }

  /**
   * A refused bulk import: 422 with every refused row (RFC 9457 extension member {@code rows}).
   *
   * @param rows each refusal: the file's line, the number, the field, the rule and the message
   */
  public record ImportProblem(
      String type,
      String title,
      int status,
      String detail,
      String field,
      String rule,
      int refusedRows,
      List<ImportRowResult> rows) {}

  @Provider
  public static class ImportRefusedMapper implements ExceptionMapper<ImportRefused> {
    @Override
    public Response toResponse(ImportRefused e) {
      return Response.status(422)
          .type(Problem.MEDIA_TYPE)
          .entity(
              new ImportProblem(
                  "urn:callmail:problem:import-refused",
                  "Import refused",
                  422,
                  e.getMessage(),
                  "body",
                  "import-refused",
                  e.report().refused(),
                  e.report().results()))
          .build();
    }
  }

  /** An import file with too many rows. */
  @Provider
  public static class TooManyRowsMapper implements ExceptionMapper<LineCsv.TooManyRows> {
    @Override
    public Response toResponse(LineCsv.TooManyRows e) {
      return problem(413, "Too many rows", e.getMessage(), "body", "max-rows");
    }
  }

  /** An import file larger than allowed. */
  @Provider
  public static class TooLargeMapper implements ExceptionMapper<ImportBody.TooLarge> {
    @Override
    public Response toResponse(ImportBody.TooLarge e) {
      return problem(413, "Too large", e.getMessage(), "body", "max-size");
    }
  }

  /** Unreadable or mistyped JSON. */
  @Provider
  public static class JsonMapper implements ExceptionMapper<JsonbException> {
    @Override
    public Response toResponse(JsonbException e) {
      return problem(
          400,
          "Unreadable JSON",
          "The request body is not the JSON this resource expects: " + rootMessage(e),
          "body",
          "json");
    }
  }

  /**
   * JAX-RS's own errors (404 for unknown paths, 405, 415 ...) keep their status, as problem JSON.
   */
  @Provider
  public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JsonbException json) {
        return new JsonMapper().toResponse(json);
      }
      int status = e.getResponse().getStatus();
      return problem(
          status,
          e.getResponse().getStatusInfo().getReasonPhrase(),
          e.getMessage(),
          null,
          "http-" + status);
    }
  }

  /** Anything else is our bug: logged with its stack, answered without it. */
  @Provider
  public static class UnexpectedMapper implements ExceptionMapper<RuntimeException> {

    @Inject private DatabaseFailureClassifier failures;

    @Override
    public Response toResponse(RuntimeException e) {
      if (failures != null && failures.isUnavailable(e)) {
        LOG.warning(
            () -> "Provisioning API: database unavailable (" + failures.summary(e, 300) + ")");
        return Response.fromResponse(
                problem(
                    503,
                    "Database unavailable",
                    "The database cannot be reached now; nothing was changed. Try again shortly.",
                    null,
                    "database-unavailable"))
            .header("Retry-After", "30")
            .build();
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        if (root.getCause() instanceof ImportRefused refused) {
          return new ImportRefusedMapper().toResponse(refused);
        }
        if (root.getCause() instanceof RuleViolation violation) {
          return new RuleViolationMapper().toResponse(violation);
        }
        if (root.getCause() instanceof JsonbException json) {
          return new JsonMapper().toResponse(json); // Jersey wraps it in a ProcessingException
        }
        root = root.getCause();
      }
      LOG.log(Level.SEVERE, "Unexpected error in the provisioning API", e);
      return problem(
          500,
          "Internal error",
          "The server failed; the error is logged. Try again or contact the operator.",
          null,
          "internal");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
