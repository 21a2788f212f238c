package jp.callmail.interfaces.operator.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jp.callmail.application.DeadLetters;
import jp.callmail.application.Views.DeadLetterPage;
import jp.callmail.application.Views.DeadLetterView;

/**
 * {@code /api/call-records/dead}: completed-call records the application refused, and recording one
 * again once its cause is removed (409 problem JSON with the new reason when it is refused again).
 */
@Path("call-records/dead")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CallRecordsResource {

  @Inject private DeadLetters deadLetters;

  @GET
  public DeadLetterPage open(
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    return deadLetters.open(offset, limit);
  }

  @POST
  @Path("{id}/retry")
  public DeadLetterView retry(@PathParam("id") long id) {
    return deadLetters.retry(id);
  }
}
