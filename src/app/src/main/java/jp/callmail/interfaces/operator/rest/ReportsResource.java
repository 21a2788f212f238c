package jp.callmail.interfaces.operator.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jp.callmail.application.ChargeReportService;
import jp.callmail.application.Views.ChargeReportView;
import jp.callmail.interfaces.operator.rest.csv.ChargeCsv;

/** {@code /api/reports}: the monthly charge report (SPEC §8), as JSON or as a CSV file. */
@Path("reports")
@RequestScoped
public class ReportsResource {

  static final String CSV = "text/csv; charset=UTF-8";

  @Inject private ChargeReportService charges;

  @GET
  @Path("charges")
  @Produces(MediaType.APPLICATION_JSON)
  public ChargeReportView charges(@QueryParam("month") String month) {
    return charges.report(month);
  }

  /** The same report itemised for a spreadsheet: UTF-8 with a BOM, Japanese headers, CRLF. */
  @GET
  @Path("charges.csv")
  @Produces(CSV)
  public Response chargesCsv(@QueryParam("month") String month) {
    ChargeReportView report = charges.report(month);
    return Response.ok(ChargeCsv.write(report), CSV)
        .header(
            "Content-Disposition", "attachment; filename=\"charges-" + report.month() + ".csv\"")
        .build();
  }
}
