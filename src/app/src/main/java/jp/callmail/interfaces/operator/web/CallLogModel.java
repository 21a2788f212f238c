package jp.callmail.interfaces.operator.web;

import java.util.List;
import java.util.Map;
import jp.callmail.application.CallLogQueries;
import jp.callmail.application.Views.CallView;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A line's call log for a paged table: each page is one database query (plus one for its mails), so
 * a line with millions of calls never loads them into memory.
 */
public class CallLogModel extends LazyDataModel<CallView> {

  private static final long serialVersionUID = 1L;

  private final transient CallLogQueries queries;
  private final String number;

  CallLogModel(CallLogQueries queries, String number) {
    this.queries = queries;
    this.number = number;
  }

  @Override
  public int count(Map<String, FilterMeta> filters) {
    return (int) Math.min(Integer.MAX_VALUE, queries.page(number, 0, 1).total());
  }

  @Override
  public List<CallView> load(
      int first, int pageSize, Map<String, SortMeta> sort, Map<String, FilterMeta> filters) {
    int limit = Math.max(1, Math.min(pageSize, CallLogQueries.MAX_LIMIT));
    return queries.page(number, first, limit).calls();
  }

  @Override
  public String getRowKey(CallView call) {
    return call.callId();
  }
}
