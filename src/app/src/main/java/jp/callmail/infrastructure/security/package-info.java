/**
 * Who may do what: operator accounts as a Jakarta Security identity store, and the one
 * authentication mechanism of the API (Basic over HTTPS) and the console (login form, session).
 */
package jp.callmail.infrastructure.security;
