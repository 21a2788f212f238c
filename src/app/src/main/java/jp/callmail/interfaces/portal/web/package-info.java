/**
 * The subscriber settings portal (JSF + PrimeFaces, PC and mobile): backing beans over the
 * application services.
 */
package jp.callmail.interfaces.portal.web;
