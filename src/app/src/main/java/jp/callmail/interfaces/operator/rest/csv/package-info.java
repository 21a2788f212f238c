/**
 * RFC 4180 CSV for the operator: bulk import of lines, and the charge report as a spreadsheet file.
 */
package jp.callmail.interfaces.operator.rest.csv;
