package jp.callmail.it;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.SQLException;

/**
 * Test deployments only: lets a test that drives callmail from outside (sipp, REST, GreenMail) make
 * the database refuse a caller's call log rows, through {@link ItDatabase}. Under {@code /api}, so
 * the operator role guards it like the rest of the API.
 */
@Path("it/refused-callers")
@RequestScoped
public class ItDatabaseResource {

  @Inject private ItDatabase db;

  @PUT
  @Path("{number}")
  public void refuse(@PathParam("number") String number) throws SQLException {
    db.refuseCaller(number);
  }

  @DELETE
  @Path("{number}")
  public void allow(@PathParam("number") String number) throws SQLException {
    db.stopRefusing();
  }
}
