package jp.callmail.interfaces.operator.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jp.callmail.application.MailService;
import jp.callmail.application.Views.MailView;

/** {@code /api/mails}: one mail's delivery state, and the re-send of a failed mail. */
@Path("mails")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MailsResource {

  @Inject private MailService mail;

  @GET
  @Path("{id}")
  public MailView one(@PathParam("id") long id) {
    return mail.mail(id);
  }

  @POST
  @Path("{id}/resend")
  public MailView resend(@PathParam("id") long id) {
    return mail.resend(id);
  }
}
