package jp.callmail.interfaces.operator.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import jp.callmail.application.CallLogQueries;
import jp.callmail.application.LineSettingsService;
import jp.callmail.application.MailService;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.SubscriberAuthService;
import jp.callmail.application.Views.CallView;
import jp.callmail.application.Views.LineView;
import jp.callmail.application.Views.MailView;
import jp.callmail.application.Views.SettingsView;
import jp.callmail.application.Views.TestMailRequest;

/** {@code /api/lines}: service lines, their settings, call log and test mail. */
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

  @Context private UriInfo uri;

  @POST
  public Response create(LineView input) {
    LineView created = provisioning.createLine(input);
    return Response.created(uri.getAbsolutePathBuilder().path(created.number()).build()).entity(created).build();
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
    return settings.replace(number, input);
  }

  @GET
  @Path("{number}/calls")
  public List<CallView> calls(@PathParam("number") String number,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    return calls.recentCalls(number, limit);
  }

  /**
   * Issues a temporary password for the subscriber's first login (until the IVR sets them by
   * phone); it also lifts a lockout. The password is in this answer only.
   */
  @POST
  @Path("{number}/temporary-password")
  public SubscriberAuthService.IssuedPassword issueTemporaryPassword(@PathParam("number") String number) {
    return auth.issueTemporaryPassword(number);
  }

  /** Sends a test mail now and answers whether the mail server accepted it. */
  @POST
  @Path("{number}/test-mail")
  public MailView testMail(@PathParam("number") String number, TestMailRequest request) {
    return mail.sendTestMail(number, request);
  }
}
