package jp.callmail.interfaces.operator.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import jp.callmail.application.ProvisioningService;
import jp.callmail.application.Views.ContractView;
import jp.callmail.application.Views.LineView;

/** {@code /api/contracts}: the carrier's subscribers. */
@Path("contracts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContractsResource {

  @Inject private ProvisioningService provisioning;

  @Context private UriInfo uri;

  @GET
  public List<ContractView> all() {
    return provisioning.contracts();
  }

  @POST
  public Response create(ContractView input) {
    ContractView created = provisioning.createContract(input);
    return Response.created(uri.getAbsolutePathBuilder().path(created.code()).build())
        .entity(created)
        .build();
  }

  @GET
  @Path("{code}")
  public ContractView one(@PathParam("code") String code) {
    return provisioning.contract(code);
  }

  /** Cancels the contract and every open line of it. */
  @jakarta.ws.rs.PATCH
  @Path("{code}")
  public ContractView rename(@PathParam("code") String code, ContractView input) {
    return provisioning.renameContract(code, input);
  }

  @DELETE
  @Path("{code}")
  public ContractView cancel(@PathParam("code") String code) {
    return provisioning.cancelContract(code);
  }

  @GET
  @Path("{code}/lines")
  public List<LineView> lines(@PathParam("code") String code) {
    return provisioning.linesOf(code);
  }
}
