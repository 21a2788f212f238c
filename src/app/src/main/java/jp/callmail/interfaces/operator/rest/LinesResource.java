package jp.callmail.interfaces.operator.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import jp.callmail.application.CallLogQueries;
import jp.callmail.application.LineImportService;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.MailService;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.application.Views.CallPage;
import jp.callmail.application.Views.CallView;
import jp.callmail.application.Views.ImportReport;
import jp.callmail.application.Views.LineView;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.application.Views.TestMailRequest;
import jp.callmail.domain.model.line.ServiceOption;
import jp.callmail.interfaces.operator.rest.csv.LineCsv;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code /api/lines}: service lines, bulk import, settings, lock state, call log and test mail. */
@Path("lines")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LinesResource {

  @Inject private ProvisioningService provisioning;
  @Inject private LineSettingsService settings;
  @Inject private CallLogQueries calls;
  @Inject private MailService mail;
  @Inject private SubscriberAuthService auth;
  @Inject private LineImportService importer;

  @Inject
  @ConfigProperty(name = "callmail.import.max-rows", defaultValue = "10000")
  int maxImportRows;

  @Inject
  @ConfigProperty(name = "callmail.import.max-bytes", defaultValue = "2097152")
  int maxImportBytes;

  @Context private UriInfo uri;

  @POST
  public Response create(LineView input) {
    LineView created = provisioning.createLine(input);
    return Response.created(uri.getAbsolutePathBuilder().path(created.number()).build())
        .entity(created)
        .build();
  }

  /**
   * Creates every line of a CSV file (UTF-8, BOM optional, header {@link LineCsv#HEADER}) or none:
   * 200 with a row-by-row report, or 422 with the refused rows. Too big a file is refused with 413.
   * A CSV body is one a cross-site form could send, so {@link ApiRequestGuard} asks for the {@value
   * ApiRequestGuard#CSV_HEADER} header too.
   */
  @POST
  @Path("import")
  @Consumes({"text/csv", "application/csv"})
  public ImportReport importLines(InputStream body, @HeaderParam("Content-Type") String contentType)
      throws IOException {
    String text = ImportBody.read(body, contentType, maxImportBytes);
    return importer.importLines(LineCsv.parse(text, maxImportRows));
  }

  @GET
  @Path("{number}")
  public LineView one(@PathParam("number") String number) {
    return provisioning.line(number);
  }

  @PATCH
  @Path("{number}")
  public LineView change(@PathParam("number") String number, LineView input) {
    return provisioning.changeLine(number, input);
  }

  /** Cancels the line: its calls are no longer watched; its history stays. */
  @DELETE
  @Path("{number}")
  public LineView cancel(@PathParam("number") String number) {
    return provisioning.cancelLine(number);
  }

  @GET
  @Path("{number}/settings")
  public SettingsView settings(@PathParam("number") String number) {
    return settings.settings(number);
  }

  @PUT
  @Path("{number}/settings")
  public SettingsView replaceSettings(@PathParam("number") String number, SettingsView input) {
    return settings.replaceByOperator(number, input);
  }

  /**
   * FAXお知らせメール's settings: {@code active} and {@code recipients}, the body of {@code /settings}.
   */
  @GET
  @Path("{number}/fax-settings")
  public SettingsView faxSettings(@PathParam("number") String number) {
    return settings.settings(number, ServiceOption.FAX_MAIL);
  }

  /**
   * Changes FAXお知らせメール's settings; {@code conditions} and {@code designatedCallers} are refused
   * (the fax option has none).
   */
  @PUT
  @Path("{number}/fax-settings")
  public SettingsView replaceFaxSettings(@PathParam("number") String number, SettingsView input) {
    return settings.replaceByOperator(number, ServiceOption.FAX_MAIL, input);
  }

  /**
   * A page of the call log, newest first, paged in the database. The body stays a JSON array; the
   * total is in {@code X-Total-Count}.
   */
  @GET
  @Path("{number}/calls")
  public Response calls(
      @PathParam("number") String number,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    CallPage page = calls.page(number, offset, limit);
    return Response.ok(new GenericEntity<List<CallView>>(page.calls()) {})
        .header("X-Total-Count", page.total())
        .build();
  }

  /**
   * Whether the line's passwords are locked after 10 failed logins, and how many failures count
   * now.
   */
  @GET
  @Path("{number}/lock")
  public SubscriberAuthService.LockState lockState(
      @PathParam("number") String number, @QueryParam("option") String option) {
    return auth.lockState(number, LineSettingsService.option("option", option));
  }

  /** Lifts a lockout: the subscriber's own password works again; audit-logged. */
  @POST
  @Path("{number}/unlock")
  public SubscriberAuthService.LockState unlock(
      @PathParam("number") String number, @QueryParam("option") String option) {
    return auth.unlock(number, LineSettingsService.option("option", option));
  }

  /**
   * Issues a temporary password for the subscriber's first login (until the IVR sets them by
   * phone); it also lifts a lockout. The password is in this answer only.
   */
  @POST
  @Path("{number}/temporary-password")
  public SubscriberAuthService.IssuedPassword issueTemporaryPassword(
      @PathParam("number") String number, @QueryParam("option") String option) {
    return auth.issueTemporaryPassword(number, LineSettingsService.option("option", option));
  }

  /** Sends a test mail now and answers whether the mail server accepted it. */
  @POST
  @Path("{number}/test-mail")
  public MailView testMail(@PathParam("number") String number, TestMailRequest request) {
    return mail.sendTestMail(number, request);
  }
}
