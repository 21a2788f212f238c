package jp.callmail.interfaces.operator.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;

/**
 * State-changing requests (POST, PUT, PATCH, DELETE) must say {@code Content-Type:
 * application/json}, with or without a body: a browser sends such a request across sites only after
 * a CORS preflight, which this API never grants, so a page elsewhere cannot make a logged-in
 * browser change anything. The CSV import takes {@code text/csv} (or {@code application/csv}) only
 * with the {@value #CSV_HEADER} header, which no form can add. Anything else (a form, {@code
 * text/plain}, no type) gets 415 problem JSON before any resource runs.
 */
@Provider
@PreMatching
public class ApiRequestGuard implements ContainerRequestFilter {

  /** The custom header that a CSV import must carry (any value). */
  public static final String CSV_HEADER = "X-Requested-By";

  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!CHANGES.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
      return;
    }
    MediaType type = request.getMediaType();
    if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
      return;
    }
    boolean csv =
        type != null
            && (type.getType() + "/" + type.getSubtype())
                .toLowerCase(Locale.ROOT)
                .matches("(text|application)/csv");
    boolean importPath =
        request.getUriInfo().getPath().replaceAll("^/+|/+$", "").equals("lines/import");
    if (csv && importPath) {
      String header = request.getHeaderString(CSV_HEADER);
      if (header != null && !header.isBlank()) {
        return;
      }
      request.abortWith(
          ProblemMappers.problem(
              415,
              "Unsupported media type",
              "A CSV import needs the header "
                  + CSV_HEADER
                  + " (any value, e.g. '"
                  + CSV_HEADER
                  + ": curl'), which a browser form cannot send",
              "Content-Type",
              "csv-header-required"));
      return;
    }
    request.abortWith(
        ProblemMappers.problem(
            415,
            "Unsupported media type",
            "A change is accepted only as application/json"
                + (importPath ? " (the import: text/csv with the header " + CSV_HEADER + ")" : "")
                + "; got "
                + (type == null ? "no Content-Type" : type.toString()),
            "Content-Type",
            "json-required"));
  }
}
