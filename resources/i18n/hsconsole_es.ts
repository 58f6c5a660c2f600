<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>ActivityLog</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Look-up</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardado</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Cita agendada</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>Cita reagendada</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelación</translation>
    </message>
    <message>
        <source>Not qualified</source>
        <translation>No calificado</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>Nuevo lead</translation>
    </message>
    <message>
        <source>Outbox replay</source>
        <translation>Reenvío desde la bandeja de salida</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
    <message>
        <source>{time} ({moment} · profile {profile})</source>
        <translation>{time} ({moment} · perfil {profile})</translation>
    </message>
    <message>
        <source>(not known: the line was recorded before the log kept who)</source>
        <translation>(se desconoce: la línea se registró antes de que el registro guardara quién)</translation>
    </message>
    <message>
        <source>Activity log</source>
        <translation>Registro de actividad</translation>
    </message>
    <message>
        <source>Phone, name, change, message or who</source>
        <translation>Teléfono, nombre, cambio, mensaje o quién</translation>
    </message>
    <message>
        <source>Filter the activity log</source>
        <translation>Filtrar el registro de actividad</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Show only this action</source>
        <translation>Mostrar solo esta acción</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>&amp;Action</source>
        <translation>&amp;Acción</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Actuali&amp;zar</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>Ce&amp;rrar</translation>
    </message>
    <message>
        <source>Activity log entries</source>
        <translation>Registros de actividad</translation>
    </message>
    <message>
        <source>Entr&amp;ies</source>
        <translation>Re&amp;gistros</translation>
    </message>
    <message>
        <source>Activity log status</source>
        <translation>Estado del registro de actividad</translation>
    </message>
    <message>
        <source>More than {count} matching entries</source>
        <translation>Más de {count} registros coinciden</translation>
    </message>
    <message>
        <source>No entries match</source>
        <translation>Ningún registro coincide</translation>
    </message>
    <message>
        <source>Nothing recorded yet</source>
        <translation>Aún no hay nada registrado</translation>
    </message>
    <message>
        <source>{count} matching entry</source>
        <translation>{count} registro coincide</translation>
    </message>
    <message>
        <source>{count} matching entries</source>
        <translation>{count} registros coinciden</translation>
    </message>
    <message>
        <source>{count} entry</source>
        <translation>{count} registro</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>{count} registros</translation>
    </message>
    <message>
        <source>Export activity log</source>
        <translation>Exportar el registro de actividad</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed: {reason}</source>
        <translation>No se pudo exportar: {reason}</translation>
    </message>
    <message>
        <source>Export failed: {reason}. Choose another place.</source>
        <translation>No se pudo exportar: {reason}. Elija otro lugar.</translation>
    </message>
    <message>
        <source>Exported {count} entry to {file}</source>
        <translation>Se exportó {count} registro a {file}</translation>
    </message>
    <message>
        <source>Exported {count} entries to {file}</source>
        <translation>Se exportaron {count} registros a {file}</translation>
    </message>
</context>
<context>
    <name>Calendar</name>
    <message>
        <source>{day}, {lead_time} lead time, {your_time} your time</source>
        <translation>{day}, {lead_time} hora del lead, {your_time} su hora</translation>
    </message>
    <message>
        <source>ends after midnight for the lead</source>
        <translation>termina después de medianoche para el lead</translation>
    </message>
    <message>
        <source>your lead&apos;s current block</source>
        <translation>el bloque actual de su lead</translation>
    </message>
    <message>
        <source>full</source>
        <translation>lleno</translation>
    </message>
    <message>
        <source>{count} open</source>
        <translation>cupos libres: {count}</translation>
    </message>
</context>
<context>
    <name>CalendarPane</name>
    <message>
        <source>&amp;Book</source>
        <translation>Agen&amp;dar</translation>
    </message>
    <message>
        <source>Resched&amp;ule</source>
        <translation>Reagen&amp;dar</translation>
    </message>
    <message>
        <source>Appointment blocks</source>
        <translation>Bloques de citas</translation>
    </message>
    <message>
        <source> business days</source>
        <translation> días hábiles</translation>
    </message>
    <message>
        <source>Business days ahead</source>
        <translation>Días hábiles a mostrar</translation>
    </message>
    <message>
        <source>Show the ne&amp;xt</source>
        <translation>Mostrar los pró&amp;ximos</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Cancel appointment…</source>
        <translation>Cancelar cita…</translation>
    </message>
    <message>
        <source>Cancel the appointment (Ctrl+Shift+X); asks for a note</source>
        <translation>Cancelar la cita (Ctrl+Shift+X); pide una nota</translation>
    </message>
    <message>
        <source>Lead&apos;s time ({city})</source>
        <translation>Hora del lead ({city})</translation>
    </message>
    <message>
        <source>Your time ({city})</source>
        <translation>Su hora ({city})</translation>
    </message>
    <message>
        <source> · ⚠ {count} unreadable left out</source>
        <translation> · ⚠ {count} ilegibles omitidos</translation>
    </message>
    <message>
        <source> (from {source}: HeavySet gave none)</source>
        <translation> (según {source}: HeavySet no la indicó)</translation>
    </message>
    <message>
        <source>{count} open blocks{left_out} · lead&apos;s zone {zone}{source} · your zone {setter}</source>
        <translation>Bloques libres: {count}{left_out} · zona del lead {zone}{source} · su zona {setter}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocida</translation>
    </message>
    <message>
        <source>HeavySet sent blocks the console could not read; they are not shown:</source>
        <translation>HeavySet envió bloques que la consola no pudo leer; no se muestran:</translation>
    </message>
</context>
<context>
    <name>CallerHistory</name>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Look-up failed</source>
        <translation>Falló la búsqueda</translation>
    </message>
    <message>
        <source>Looked up: not in the CRM</source>
        <translation>Buscado: no está en el CRM</translation>
    </message>
    <message>
        <source>Looked up</source>
        <translation>Buscado</translation>
    </message>
    <message>
        <source>a block</source>
        <translation>un bloque</translation>
    </message>
    <message>
        <source>Booked {block}</source>
        <translation>Agendado {block}</translation>
    </message>
    <message>
        <source>Rescheduled to {block}</source>
        <translation>Reagendado a {block}</translation>
    </message>
    <message>
        <source>Cancelled the appointment</source>
        <translation>Canceló la cita</translation>
    </message>
    <message>
        <source>Marked not qualified: {reason}</source>
        <translation>Marcado como no calificado: {reason}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sin motivo</translation>
    </message>
    <message>
        <source>Saved {fields}</source>
        <translation>Guardado {fields}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Nota: {note}</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Guardado</translation>
    </message>
    <message>
        <source>Not sent from the outbox</source>
        <translation>No se envió desde la bandeja de salida</translation>
    </message>
    <message>
        <source>Sent from the outbox</source>
        <translation>Enviado desde la bandeja de salida</translation>
    </message>
    <message>
        <source>Created the lead</source>
        <translation>Creó el lead</translation>
    </message>
    <message>
        <source>Scheduling link</source>
        <translation>Enlace para agendar</translation>
    </message>
    <message>
        <source> — waiting in the outbox</source>
        <translation> — en espera en la bandeja de salida</translation>
    </message>
    <message>
        <source> — failed</source>
        <translation> — falló</translation>
    </message>
    <message>
        <source>This caller&apos;s history, newest first</source>
        <translation>Historial de este cliente, lo más reciente primero</translation>
    </message>
    <message>
        <source>Show all in the activity log</source>
        <translation>Ver todo en el registro de actividad</translation>
    </message>
    <message>
        <source>Every line of this caller, in the activity log window</source>
        <translation>Todas las líneas de este cliente, en la ventana del registro de actividad</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Leyendo…</translation>
    </message>
    <message>
        <source>The history could not be read: {reason}</source>
        <translation>No se pudo leer el historial: {reason}</translation>
    </message>
    <message>
        <source> · profile {profile}</source>
        <translation> · perfil {profile}</translation>
    </message>
    <message>
        <source>Not known: recorded before the activity log kept who</source>
        <translation>Se desconoce: se registró antes de que el registro de actividad guardara quién</translation>
    </message>
    <message>
        <source>Nothing recorded for this caller yet.</source>
        <translation>Aún no hay nada registrado para este cliente.</translation>
    </message>
    <message>
        <source>The newest {count} of this caller&apos;s actions.</source>
        <translation>Las {count} acciones más recientes de este cliente.</translation>
    </message>
    <message>
        <source>{count} actions for this caller, newest first.</source>
        <translation>{count} acciones de este cliente, la más reciente primero.</translation>
    </message>
    <message>
        <source>{count} action for this caller, newest first.</source>
        <translation>{count} acción de este cliente.</translation>
    </message>
</context>
<context>
    <name>Changes</name>
    <message>
        <source>{doing}: done</source>
        <translation>Se terminó de {doing}</translation>
    </message>
    <message>
        <source>The block is not confirmed until HeavySet accepts it; you will be told if it is gone by then.</source>
        <translation>El bloque no está confirmado hasta que HeavySet lo acepte; se le avisará si para entonces ya no está.</translation>
    </message>
    <message>
        <source>{verb}: {who}</source>
        <translation>{verb}: {who}</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Nada que guardar</translation>
    </message>
    <message>
        <source>Not saved: a field needs fixing (see the field). Nothing was sent.</source>
        <translation>No se guardó: hay un campo que corregir (vea el campo). No se envió nada.</translation>
    </message>
    <message>
        <source>Not saved: a field needs fixing</source>
        <translation>No se guardó: hay un campo que corregir</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>guardar</translation>
    </message>
    <message>
        <source>Saved to the outbox</source>
        <translation>Guardado en la bandeja de salida</translation>
    </message>
    <message>
        <source>Saved {name}: {fields}</source>
        <translation>Guardado {name}: {fields}</translation>
    </message>
    <message>
        <source>Changes reverted</source>
        <translation>Cambios deshechos</translation>
    </message>
    <message>
        <source>Pick an open block first</source>
        <translation>Elija primero un bloque libre</translation>
    </message>
    <message>
        <source>That block is already the lead&apos;s appointment</source>
        <translation>Ese bloque ya es la cita del lead</translation>
    </message>
    <message>
        <source>Booking</source>
        <translation>agendar</translation>
    </message>
    <message>
        <source>Booking kept in the outbox</source>
        <translation>Cita guardada en la bandeja de salida</translation>
    </message>
    <message>
        <source>Rescheduled</source>
        <translation>Reagendada</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Agendada</translation>
    </message>
    <message>
        <source>Booked (appointment {id}); the CRM has not shown the lead yet</source>
        <translation>Agendada (cita {id}); el CRM aún no muestra el lead</translation>
    </message>
    <message>
        <source>Booked new lead {name}</source>
        <translation>Agendado el nuevo lead {name}</translation>
    </message>
    <message>
        <source>This lead has no appointment to cancel</source>
        <translation>Este lead no tiene cita que cancelar</translation>
    </message>
    <message>
        <source>Not cancelled: a note is required</source>
        <translation>No se canceló: se necesita una nota</translation>
    </message>
    <message>
        <source>Not cancelled: write a short note saying why.</source>
        <translation>No se canceló: escriba una nota breve con el motivo.</translation>
    </message>
    <message>
        <source>Not cancelled: the note is too long</source>
        <translation>No se canceló: la nota es demasiado larga</translation>
    </message>
    <message>
        <source>Not cancelled: the note is {why}</source>
        <translation>No se canceló: la nota tiene {why}</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>cancelar la cita</translation>
    </message>
    <message>
        <source>Cancellation kept in the outbox</source>
        <translation>Cancelación guardada en la bandeja de salida</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Choose a not-qualified reason first</source>
        <translation>Elija primero un motivo de no calificado</translation>
    </message>
    <message>
        <source>Not marked: the comment is {why}</source>
        <translation>No se marcó: el comentario tiene {why}</translation>
    </message>
    <message>
        <source>Not marked: the comment is too long</source>
        <translation>No se marcó: el comentario es demasiado largo</translation>
    </message>
    <message>
        <source>Marking not qualified</source>
        <translation>marcar como no calificado</translation>
    </message>
    <message>
        <source>Kept in the outbox</source>
        <translation>Guardado en la bandeja de salida</translation>
    </message>
    <message>
        <source>Marked not qualified ({reason})</source>
        <translation>Marcado como no calificado ({reason})</translation>
    </message>
    <message>
        <source>HeavySet kept {name}&apos;s appointment ({when}) after the not-qualified mark, so its reminder stays. If it should not happen, cancel it (Ctrl+Shift+X).</source>
        <translation>HeavySet mantuvo la cita de {name} ({when}) después de marcarlo como no calificado, así que su recordatorio sigue. Si no debe realizarse, cancélela (Ctrl+Shift+X).</translation>
    </message>
    <message>
        <source>the lead</source>
        <translation>el lead</translation>
    </message>
    <message>
        <source>Consent of {who}: TCPA consent and opt-in</source>
        <translation>Consentimiento de {who}: consentimiento TCPA y aceptación de ofertas</translation>
    </message>
    <message>
        <source>Consent of {who}: opt-in</source>
        <translation>Consentimiento de {who}: aceptación de ofertas</translation>
    </message>
    <message>
        <source>Save {who}: {fields}</source>
        <translation>Guardar {who}: {fields}</translation>
    </message>
    <message>
        <source>block {id}</source>
        <translation>bloque {id}</translation>
    </message>
    <message>
        <source>Reschedule {who}: {when}</source>
        <translation>Reagendar a {who}: {when}</translation>
    </message>
    <message>
        <source>Book {who}: {when}</source>
        <translation>Agendar a {who}: {when}</translation>
    </message>
    <message>
        <source>Cancel the appointment of {who}</source>
        <translation>Cancelar la cita de {who}</translation>
    </message>
    <message>
        <source>Mark {who} not qualified: {reason}</source>
        <translation>Marcar a {who} como no calificado: {reason}</translation>
    </message>
    <message>
        <source>New lead {who}</source>
        <translation>Lead nuevo {who}</translation>
    </message>
    <message>
        <source>Book new lead {number}: {when}</source>
        <translation>Agendar al lead nuevo {number}: {when}</translation>
    </message>
    <message>
        <source>Apptoto reminder for {who}: {when} (lead&apos;s time)</source>
        <translation>Recordatorio de Apptoto para {who}: {when} (hora del lead)</translation>
    </message>
    <message>
        <source>Update the Apptoto reminder of {who}</source>
        <translation>Actualizar el recordatorio de Apptoto de {who}</translation>
    </message>
    <message>
        <source>Remove the Apptoto reminder of {who}</source>
        <translation>Quitar el recordatorio de Apptoto de {who}</translation>
    </message>
    <message>
        <source>Apptoto contact {who}</source>
        <translation>Contacto de Apptoto {who}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Remove the spaces before or after the address.</source>
        <translation>Quite los espacios antes o después de la dirección.</translation>
    </message>
    <message>
        <source>Not an email address: {why}</source>
        <translation>No es una dirección de correo: {why}</translation>
    </message>
    <message>
        <source>An email address must have an @-sign.</source>
        <translation>Una dirección de correo debe tener una @.</translation>
    </message>
    <message>
        <source>There must be something before the @-sign.</source>
        <translation>Debe haber algo antes de la @.</translation>
    </message>
    <message>
        <source>There must be something after the @-sign.</source>
        <translation>Debe haber algo después de la @.</translation>
    </message>
    <message>
        <source>The part after the @-sign is not valid. It should have a period.</source>
        <translation>La parte después de la @ no es válida. Debería tener un punto.</translation>
    </message>
    <message>
        <source>The part after the @-sign is not valid. It is not within a valid top-level domain.</source>
        <translation>La parte después de la @ no es válida. No termina en un dominio de nivel superior válido.</translation>
    </message>
    <message>
        <source>An email address cannot have two periods in a row.</source>
        <translation>Una dirección de correo no puede tener dos puntos seguidos.</translation>
    </message>
    <message>
        <source>An email address cannot start with a period.</source>
        <translation>Una dirección de correo no puede empezar con un punto.</translation>
    </message>
    <message>
        <source>An email address cannot end with a period.</source>
        <translation>Una dirección de correo no puede terminar con un punto.</translation>
    </message>
    <message>
        <source>An email address cannot have a period immediately before the @-sign.</source>
        <translation>Una dirección de correo no puede tener un punto justo antes de la @.</translation>
    </message>
    <message>
        <source>An email address cannot have a period immediately after the @-sign.</source>
        <translation>Una dirección de correo no puede tener un punto justo después de la @.</translation>
    </message>
    <message>
        <source>There can&apos;t be anything after the email address.</source>
        <translation>No puede haber nada después de la dirección de correo.</translation>
    </message>
    <message>
        <source>The email address contains invalid characters before the @-sign: {characters}</source>
        <translation>La dirección de correo tiene caracteres no válidos antes de la @: {characters}</translation>
    </message>
    <message>
        <source>The part after the @-sign contains invalid characters: {characters}</source>
        <translation>La parte después de la @ tiene caracteres no válidos: {characters}</translation>
    </message>
    <message>
        <source>The year the home was built: from {earliest} to {latest}.</source>
        <translation>El año de construcción de la casa: de {earliest} a {latest}.</translation>
    </message>
    <message>
        <source>The year the home was built, in digits (e.g. 1998).</source>
        <translation>El año de construcción de la casa, en cifras (p. ej., 1998).</translation>
    </message>
    <message>
        <source>A US ZIP is 5 digits, or 5 + 4 (84101 or 84101-1234).</source>
        <translation>Un ZIP de EE. UU. tiene 5 dígitos, o 5 + 4 (84101 o 84101-1234).</translation>
    </message>
    <message>
        <source>A postal code has only letters, digits, spaces and hyphens.</source>
        <translation>Un código postal solo tiene letras, dígitos, espacios y guiones.</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Lead</source>
        <translation>&amp;Lead</translation>
    </message>
    <message>
        <source>&amp;Calendar</source>
        <translation>&amp;Calendario</translation>
    </message>
    <message>
        <source>Settin&amp;gs</source>
        <translation>Con&amp;figuración</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;New lead</source>
        <translation>&amp;Nuevo lead</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>Nuevo lead</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>&amp;Find phone</source>
        <translation>&amp;Buscar teléfono</translation>
    </message>
    <message>
        <source>Find: put the cursor in the phone field</source>
        <translation>Buscar: poner el cursor en el campo de teléfono</translation>
    </message>
    <message>
        <source>&amp;Save lead</source>
        <translation>&amp;Guardar lead</translation>
    </message>
    <message>
        <source>Save the lead&apos;s changes</source>
        <translation>Guardar los cambios del lead</translation>
    </message>
    <message>
        <source>&amp;Revert changes</source>
        <translation>&amp;Deshacer cambios</translation>
    </message>
    <message>
        <source>Revert unsaved changes (asks first)</source>
        <translation>Deshacer los cambios sin guardar (pregunta antes)</translation>
    </message>
    <message>
        <source>Not-&amp;qualified reasons</source>
        <translation>&amp;Motivos de no calificado</translation>
    </message>
    <message>
        <source>Go to the not-qualified reasons</source>
        <translation>Ir a los motivos de no calificado</translation>
    </message>
    <message>
        <source>Re&amp;load not-qualified reasons</source>
        <translation>&amp;Recargar motivos de no calificado</translation>
    </message>
    <message>
        <source>Reload the not-qualified reasons from the CRM</source>
        <translation>Recargar del CRM los motivos de no calificado</translation>
    </message>
    <message>
        <source>&amp;Pending changes…</source>
        <translation>Cambios &amp;pendientes…</translation>
    </message>
    <message>
        <source>Pending changes (the outbox)</source>
        <translation>Cambios pendientes (la bandeja de salida)</translation>
    </message>
    <message>
        <source>&amp;Activity log…</source>
        <translation>Registro de &amp;actividad…</translation>
    </message>
    <message>
        <source>Activity log: what was looked up, saved and booked</source>
        <translation>Registro de actividad: lo que se buscó, guardó y agendó</translation>
    </message>
    <message>
        <source>Send scheduling lin&amp;k…</source>
        <translation>&amp;Enviar enlace para agendar…</translation>
    </message>
    <message>
        <source>Send a TimeZest scheduling link to the caller</source>
        <translation>Enviar al cliente un enlace de TimeZest para agendar</translation>
    </message>
    <message>
        <source>Go to the &amp;blocks</source>
        <translation>Ir a los &amp;bloques</translation>
    </message>
    <message>
        <source>Go to the blocks (then type a day or time, Enter)</source>
        <translation>Ir a los bloques (luego escriba un día u hora y Enter)</translation>
    </message>
    <message>
        <source>Book or reschedule to the selected block</source>
        <translation>Agendar o reagendar en el bloque elegido</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment…</source>
        <translation>&amp;Cancelar cita…</translation>
    </message>
    <message>
        <source>Cancel the appointment (asks for a note)</source>
        <translation>Cancelar la cita (pide una nota)</translation>
    </message>
    <message>
        <source>Book / re&amp;schedule</source>
        <translation>&amp;Agendar / reagendar</translation>
    </message>
    <message>
        <source>&amp;Refresh calendar</source>
        <translation>Actualizar ca&amp;lendario</translation>
    </message>
    <message>
        <source>Refresh the calendar</source>
        <translation>Actualizar el calendario</translation>
    </message>
    <message>
        <source>Confirmation &amp;worklist…</source>
        <translation>Lista de c&amp;onfirmaciones…</translation>
    </message>
    <message>
        <source>Confirmation worklist (Apptoto); Enter on a row looks the caller up</source>
        <translation>Lista de confirmaciones (Apptoto); Enter en una fila busca al cliente</translation>
    </message>
    <message>
        <source>TimeZest &amp;team report…</source>
        <translation>&amp;Reporte del equipo (TimeZest)…</translation>
    </message>
    <message>
        <source>TimeZest team report</source>
        <translation>Reporte del equipo de TimeZest</translation>
    </message>
    <message>
        <source>Set &amp;up / Add profile…</source>
        <translation>&amp;Configurar / agregar perfil…</translation>
    </message>
    <message>
        <source>&amp;Replace token…</source>
        <translation>&amp;Reemplazar token…</translation>
    </message>
    <message>
        <source>Re&amp;move profile and its tokens…</source>
        <translation>&amp;Eliminar el perfil y sus tokens…</translation>
    </message>
    <message>
        <source>My &amp;time zone…</source>
        <translation>Mi &amp;zona horaria…</translation>
    </message>
    <message>
        <source>&amp;24-hour clock for your times</source>
        <translation>Reloj de &amp;24 horas para sus horarios</translation>
    </message>
    <message>
        <source>&amp;Look up when the number is complete</source>
        <translation>&amp;Buscar al completar el número</translation>
    </message>
    <message>
        <source>&amp;Connectors (Apptoto, TimeZest)…</source>
        <translation>Co&amp;nectores (Apptoto, TimeZest)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <source>Show this list</source>
        <translation>Mostrar esta lista</translation>
    </message>
    <message>
        <source>Enter (phone field)</source>
        <translation>Enter (campo de teléfono)</translation>
    </message>
    <message>
        <source>Look the number up</source>
        <translation>Buscar el número</translation>
    </message>
    <message>
        <source>thu 3, 12/10, tomorrow, 3pm (calendar)</source>
        <translation>jue 3, 12/10 (mes/día), mañana, 3pm (calendario)</translation>
    </message>
    <message>
        <source>Jump to the first open block that day / at that time (lead&apos;s time)</source>
        <translation>Saltar al primer bloque libre de ese día / a esa hora (hora del lead)</translation>
    </message>
    <message>
        <source>Backspace / Esc (calendar)</source>
        <translation>Retroceso / Esc (calendario)</translation>
    </message>
    <message>
        <source>Edit the jump / take it back</source>
        <translation>Corregir el salto / deshacerlo</translation>
    </message>
    <message>
        <source>Up / Down (calendar)</source>
        <translation>Flecha arriba / abajo (calendario)</translation>
    </message>
    <message>
        <source>Previous / next block (over day headers and full blocks)</source>
        <translation>Bloque anterior / siguiente (salta encabezados de día y bloques llenos)</translation>
    </message>
    <message>
        <source>Page Up / Page Down (calendar)</source>
        <translation>Re Pág / Av Pág (calendario)</translation>
    </message>
    <message>
        <source>First open block of the previous / next day</source>
        <translation>Primer bloque libre del día anterior / siguiente</translation>
    </message>
    <message>
        <source>Home / End (calendar)</source>
        <translation>Inicio / Fin (calendario)</translation>
    </message>
    <message>
        <source>First / last open block</source>
        <translation>Primer / último bloque libre</translation>
    </message>
    <message>
        <source>Enter (calendar)</source>
        <translation>Enter (calendario)</translation>
    </message>
    <message>
        <source>Choose the block (then Ctrl+Enter books)</source>
        <translation>Elegir el bloque (luego Ctrl+Enter agenda)</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Switch &amp;profile</source>
        <translation>Cambiar de &amp;perfil</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>&amp;Idioma</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>HeavySet Console settings</source>
        <translation>Configuración de HeavySet Console</translation>
    </message>
    <message>
        <source>Update this console to keep using them, or start with fresh settings (the newer file is kept untouched beside the new one).</source>
        <translation>Actualice esta consola para seguir usándola, o empiece con una configuración nueva (el archivo más reciente se guarda intacto junto al nuevo).</translation>
    </message>
    <message>
        <source>Start with fresh settings</source>
        <translation>Empezar con una configuración nueva</translation>
    </message>
    <message>
        <source>Use them read-only for now</source>
        <translation>Usarla solo para lectura por ahora</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Import profile</source>
        <translation>Importar perfil</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Llavero</translation>
    </message>
    <message>
        <source>The {service} key could not be read: {why}</source>
        <translation>No se pudo leer la clave de {service}: {why}</translation>
    </message>
    <message>
        <source>Apptoto reminders are off in this session: the API key is not in the keychain. Settings ▸ Connectors takes it again.</source>
        <translation>Los recordatorios de Apptoto están desactivados en esta sesión: la clave de API no está en el llavero. Configuración ▸ Conectores la pide de nuevo.</translation>
    </message>
    <message>
        <source>TimeZest links are off in this session: the API key is not in the keychain. Settings ▸ Connectors takes it again.</source>
        <translation>Los enlaces de TimeZest están desactivados en esta sesión: la clave de API no está en el llavero. Configuración ▸ Conectores la pide de nuevo.</translation>
    </message>
    <message>
        <source>The console never writes tokens to a plain file.</source>
        <translation>La consola nunca escribe tokens en un archivo de texto.</translation>
    </message>
    <message>
        <source>It can keep the token for this session only: you will paste it again next time.</source>
        <translation>Puede guardar el token solo para esta sesión: lo pegará de nuevo la próxima vez.</translation>
    </message>
    <message>
        <source>The console never writes API keys to a plain file.</source>
        <translation>La consola nunca escribe claves de API en un archivo de texto.</translation>
    </message>
    <message>
        <source>It can keep them for this session only: you will paste them again next time.</source>
        <translation>Puede guardarlas solo para esta sesión: las pegará de nuevo la próxima vez.</translation>
    </message>
    <message>
        <source>This computer has no usable keychain ({which}).</source>
        <translation>Esta computadora no tiene un llavero utilizable ({which}).</translation>
    </message>
    <message>
        <source>No keychain</source>
        <translation>Sin llavero</translation>
    </message>
    <message>
        <source>Keep for this session only</source>
        <translation>Guardar solo para esta sesión</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Volver</translation>
    </message>
</context>
<context>
    <name>ConnectorCheck</name>
    <message>
        <source>{service} refused this key. Check that it is an API key with access to the account.</source>
        <translation>{service} rechazó esta clave. Compruebe que sea una clave de API con acceso a la cuenta.</translation>
    </message>
    <message>
        <source>{service} did not accept the email and key. Check and try again.</source>
        <translation>{service} no aceptó el correo y la clave. Revíselos e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>{service} did not accept the key. Check and try again.</source>
        <translation>{service} no aceptó la clave. Revísela e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Could not reach {service} ({why}). Check the address and the network.</source>
        <translation>No se pudo conectar con {service} ({why}). Revise la dirección y la red.</translation>
    </message>
    <message>
        <source>{service} answered with a problem: {why}</source>
        <translation>{service} respondió con un problema: {why}</translation>
    </message>
    <message>
        <source>Apptoto accepted the key, but has no address book named “{book}” (it has: {books}).</source>
        <translation>Apptoto aceptó la clave, pero no tiene una libreta de direcciones llamada “{book}” (tiene: {books}).</translation>
    </message>
    <message>
        <source>Apptoto accepted the key, but has no address book named “{book}”.</source>
        <translation>Apptoto aceptó la clave, pero no tiene una libreta de direcciones llamada “{book}”.</translation>
    </message>
    <message>
        <source>Bookings go to the calendar “{calendar}”; new leads go to “{book}”.</source>
        <translation>Las citas van al calendario “{calendar}”; los leads nuevos van a “{book}”.</translation>
    </message>
    <message>
        <source>Bookings go to the calendar “{calendar}”.</source>
        <translation>Las citas van al calendario “{calendar}”.</translation>
    </message>
    <message>
        <source>Connected to Apptoto as {email}.</source>
        <translation>Conectado a Apptoto como {email}.</translation>
    </message>
    <message>
        <source>(Apptoto has no list of calendars: a misspelt calendar shows up as a refused reminder on the first booking.)</source>
        <translation>(Apptoto no tiene una lista de calendarios: un calendario mal escrito aparece como un recordatorio rechazado en la primera cita).</translation>
    </message>
    <message>
        <source>1 appointment type</source>
        <translation>1 tipo de cita</translation>
    </message>
    <message>
        <source>{count} appointment types</source>
        <translation>{count} tipos de cita</translation>
    </message>
    <message>
        <source>Connected to TimeZest ({types}). This key can only read: sending links is turned off.</source>
        <translation>Conectado a TimeZest ({types}). Esta clave solo puede leer: el envío de enlaces está desactivado.</translation>
    </message>
    <message>
        <source>Connected to TimeZest ({types}). Links can be sent.</source>
        <translation>Conectado a TimeZest ({types}). Se pueden enviar enlaces.</translation>
    </message>
</context>
<context>
    <name>ConnectorPanel</name>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Chosen time</source>
        <translation>Hora elegida</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Reminders (Apptoto)</source>
        <translation>Recordatorios (Apptoto)</translation>
    </message>
    <message>
        <source>Read the reminder state again</source>
        <translation>Volver a leer el estado del recordatorio</translation>
    </message>
    <message>
        <source>Reload reminder state</source>
        <translation>Recargar el estado del recordatorio</translation>
    </message>
    <message>
        <source>Self-scheduling links (TimeZest)</source>
        <translation>Enlaces para agendar (TimeZest)</translation>
    </message>
    <message>
        <source>Scheduling requests of this caller</source>
        <translation>Solicitudes para agendar de este cliente</translation>
    </message>
    <message>
        <source>Send scheduling lin&amp;k…</source>
        <translation>Enviar enlace para agendar…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Leyendo…</translation>
    </message>
    <message>
        <source>Reminder state not available</source>
        <translation>Estado del recordatorio no disponible</translation>
    </message>
    <message>
        <source>No reminder appointment in Apptoto</source>
        <translation>Sin cita de recordatorio en Apptoto</translation>
    </message>
    <message>
        <source>The reminder is set up when the booking reaches Apptoto (see Pending changes in the status bar).</source>
        <translation>El recordatorio se crea cuando la cita llega a Apptoto (vea Cambios pendientes en la barra de estado).</translation>
    </message>
    <message>
        <source>Book a block and the reminder is set up by itself.</source>
        <translation>Agende un bloque y el recordatorio se crea solo.</translation>
    </message>
    <message>
        <source>{state} · appointment {when}</source>
        <translation>{state} · cita {when}</translation>
    </message>
    <message>
        <source>Needs attention: {why}</source>
        <translation>Requiere atención: {why}</translation>
    </message>
    <message>
        <source>No email address on this lead, so no scheduling links.</source>
        <translation>Este lead no tiene correo, así que no hay enlaces para agendar.</translation>
    </message>
    <message>
        <source>1 link sent to {email}.</source>
        <translation>1 enlace enviado a {email}.</translation>
    </message>
    <message>
        <source>{count} links sent to {email}.</source>
        <translation>{count} enlaces enviados a {email}.</translation>
    </message>
    <message>
        <source>No scheduling link sent to {email} yet.</source>
        <translation>Aún no se ha enviado ningún enlace para agendar a {email}.</translation>
    </message>
</context>
<context>
    <name>Connectors</name>
    <message>
        <source>saved in the keychain; type to replace</source>
        <translation>guardada en el llavero; escriba para reemplazarla</translation>
    </message>
    <message>
        <source>Check the marked fields.</source>
        <translation>Revise los campos marcados.</translation>
    </message>
    <message>
        <source>Paste the API key from your {service} account.</source>
        <translation>Pegue la clave de API de su cuenta de {service}.</translation>
    </message>
    <message>
        <source>The key has spaces or line breaks inside; copy it again in one piece.</source>
        <translation>La clave tiene espacios o saltos de línea; cópiela de nuevo completa.</translation>
    </message>
    <message>
        <source>The key has characters a {service} key never has; copy it again.</source>
        <translation>La clave tiene caracteres que una clave de {service} nunca tiene; cópiela de nuevo.</translation>
    </message>
    <message>
        <source>Paste the API key</source>
        <translation>Pegue la clave de API</translation>
    </message>
    <message>
        <source>Connectors: {profile}</source>
        <translation>Conectores: {profile}</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>{service} test failed</source>
        <translation>Falló la prueba de {service}</translation>
    </message>
    <message>
        <source>Save the {service} settings anyway?</source>
        <translation>¿Guardar de todos modos la configuración de {service}?</translation>
    </message>
    <message>
        <source>Not saved: correct the {service} settings, or turn {service} off.</source>
        <translation>No se guardó: corrija la configuración de {service} o desactive {service}.</translation>
    </message>
    <message>
        <source>Reminders and self-scheduling (optional)</source>
        <translation>Recordatorios y autoagendamiento (opcional)</translation>
    </message>
    <message>
        <source>Both are optional: leave them off now, or set them up later in Settings ▸ Connectors.</source>
        <translation>Ambos son opcionales: déjelos desactivados ahora o configúrelos después en Configuración ▸ Conectores.</translation>
    </message>
    <message>
        <source>API keys are kept in this computer&apos;s keychain, never in a file.</source>
        <translation>Las claves de API se guardan en el llavero de esta computadora, nunca en un archivo.</translation>
    </message>
    <message>
        <source>&amp;Reminders through Apptoto</source>
        <translation>&amp;Recordatorios con Apptoto</translation>
    </message>
    <message>
        <source>Apptoto account email</source>
        <translation>Correo de la cuenta de Apptoto</translation>
    </message>
    <message>
        <source>the email you sign in to Apptoto with</source>
        <translation>el correo con el que entra a Apptoto</translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation>&amp;Mostrar</translation>
    </message>
    <message>
        <source>Apptoto API key</source>
        <translation>Clave de API de Apptoto</translation>
    </message>
    <message>
        <source>Apptoto calendar</source>
        <translation>Calendario de Apptoto</translation>
    </message>
    <message>
        <source>calendar name or id, e.g. HeavySet Appointments</source>
        <translation>nombre o ID del calendario, p. ej. HeavySet Appointments</translation>
    </message>
    <message>
        <source>Apptoto address book</source>
        <translation>Libreta de direcciones de Apptoto</translation>
    </message>
    <message>
        <source>leave empty to not add new leads</source>
        <translation>déjelo vacío para no agregar los leads nuevos</translation>
    </message>
    <message>
        <source>Apptoto API address</source>
        <translation>Dirección de la API de Apptoto</translation>
    </message>
    <message>
        <source>Test A&amp;pptoto</source>
        <translation>Probar A&amp;pptoto</translation>
    </message>
    <message>
        <source>Account e&amp;mail</source>
        <translation>C&amp;orreo de la cuenta</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>&amp;Clave de API</translation>
    </message>
    <message>
        <source>&amp;Calendar</source>
        <translation>Ca&amp;lendario</translation>
    </message>
    <message>
        <source>A&amp;ddress book</source>
        <translation>Li&amp;breta de direcciones</translation>
    </message>
    <message>
        <source>Advanced: API &amp;address</source>
        <translation>Avanzado: &amp;dirección de la API</translation>
    </message>
    <message>
        <source>Apptoto texts and emails reminders for the appointments you book, and tells you who confirmed.</source>
        <translation>Apptoto envía recordatorios por mensaje de texto y correo de las citas que usted agenda, y le avisa quién confirmó.</translation>
    </message>
    <message>
        <source>Self-scheduling links through &amp;TimeZest</source>
        <translation>Enlaces para agendar con &amp;TimeZest</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>Mo&amp;strar</translation>
    </message>
    <message>
        <source>TimeZest API key</source>
        <translation>Clave de API de TimeZest</translation>
    </message>
    <message>
        <source>TimeZest API address</source>
        <translation>Dirección de la API de TimeZest</translation>
    </message>
    <message>
        <source>Test Time&amp;Zest</source>
        <translation>Probar Time&amp;Zest</translation>
    </message>
    <message>
        <source>API ke&amp;y</source>
        <translation>Cla&amp;ve de API</translation>
    </message>
    <message>
        <source>Advanced: AP&amp;I address</source>
        <translation>Avanzado: dirección de la AP&amp;I</translation>
    </message>
    <message>
        <source>TimeZest makes a link for a lead to pick a time: you pass it on, or TimeZest emails it (chosen when you send). A read-only key can look links up; making them needs a key that may write.</source>
        <translation>TimeZest crea un enlace para que el lead elija una hora: usted se lo pasa, o TimeZest se lo envía por correo (se elige al enviar). Una clave de solo lectura puede consultar enlaces; para crearlos hace falta una clave con permiso de escritura.</translation>
    </message>
    <message>
        <source>Both are optional. API keys are kept in this computer&apos;s keychain, never in a file.</source>
        <translation>Ambos son opcionales. Las claves de API se guardan en el llavero de esta computadora, nunca en un archivo.</translation>
    </message>
    <message>
        <source>This key can only read: sending links is turned off. Test again after a change.</source>
        <translation>Esta clave solo puede leer: el envío de enlaces está desactivado. Vuelva a probar después de un cambio.</translation>
    </message>
    <message>
        <source>Enter the email you sign in to Apptoto with.</source>
        <translation>Escriba el correo con el que entra a Apptoto.</translation>
    </message>
    <message>
        <source>Enter the calendar bookings go to (its name or id).</source>
        <translation>Escriba el calendario donde van las citas (su nombre o ID).</translation>
    </message>
    <message>
        <source>Fix the marked fields, then test again.</source>
        <translation>Corrija los campos marcados y vuelva a probar.</translation>
    </message>
    <message>
        <source>Testing {service}…</source>
        <translation>Probando {service}…</translation>
    </message>
    <message>
        <source>The {service} test failed unexpectedly. Try again; the log has details.</source>
        <translation>La prueba de {service} falló de forma inesperada. Inténtelo de nuevo; el registro tiene los detalles.</translation>
    </message>
    <message>
        <source>Type the {service} API key again to test it (the saved key is not read here).</source>
        <translation>Escriba de nuevo la clave de API de {service} para probarla (aquí no se lee la clave guardada).</translation>
    </message>
    <message>
        <source>Type the {service} API key again to test it.</source>
        <translation>Escriba de nuevo la clave de API de {service} para probarla.</translation>
    </message>
    <message>
        <source>The saved {service} key was not found in the keychain; paste it again.</source>
        <translation>La clave guardada de {service} no está en el llavero; péguela de nuevo.</translation>
    </message>
    <message>
        <source>That email is too long for an Apptoto account.</source>
        <translation>Ese correo es demasiado largo para una cuenta de Apptoto.</translation>
    </message>
    <message>
        <source>Use up to 200 characters for the calendar.</source>
        <translation>Use hasta 200 caracteres para el calendario.</translation>
    </message>
    <message>
        <source>Use up to 200 characters for the address book.</source>
        <translation>Use hasta 200 caracteres para la libreta de direcciones.</translation>
    </message>
    <message>
        <source>The Apptoto account email must look like name@company.com</source>
        <translation>El correo de la cuenta de Apptoto debe tener la forma nombre@empresa.com</translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation>Es demasiado largo.</translation>
    </message>
    <message>
        <source>{service} cannot use this value.</source>
        <translation>{service} no puede usar este valor.</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>There is no profile named “{name}”. Set one up now.</source>
        <translation>No hay ningún perfil llamado “{name}”. Configure uno ahora.</translation>
    </message>
    <message>
        <source>Replace token</source>
        <translation>Reemplazar token</translation>
    </message>
    <message>
        <source>This session does not use a saved profile.</source>
        <translation>Esta sesión no usa un perfil guardado.</translation>
    </message>
    <message>
        <source>Connectors</source>
        <translation>Conectores</translation>
    </message>
    <message>
        <source>Connectors are set for a saved profile. This session has none (the demo or a token from the environment): the demo already uses the simulated Apptoto and TimeZest.</source>
        <translation>Los conectores se configuran para un perfil guardado. Esta sesión no tiene ninguno (la demo o un token del entorno): la demo ya usa Apptoto y TimeZest simulados.</translation>
    </message>
    <message>
        <source>Connectors saved: {names} on</source>
        <translation>Conectores guardados: {names} activado(s)</translation>
    </message>
    <message>
        <source>Connectors saved: both off</source>
        <translation>Conectores guardados: ambos desactivados</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>Eliminar perfil</translation>
    </message>
    <message>
        <source>Remove the profile “{name}” and delete its tokens from the keychain?</source>
        <translation>¿Eliminar el perfil “{name}” y borrar sus tokens del llavero?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conservar</translation>
    </message>
    <message>
        <source>Profile {name} removed; its tokens are deleted</source>
        <translation>Perfil {name} eliminado; sus tokens se borraron</translation>
    </message>
    <message>
        <source>Profile {name} tested: connected</source>
        <translation>Perfil {name} probado: conectado</translation>
    </message>
    <message>
        <source>Testing this profile failed.</source>
        <translation>La prueba de este perfil falló.</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>first name</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>last name</source>
        <translation>apellido</translation>
    </message>
    <message>
        <source>street address</source>
        <translation>dirección</translation>
    </message>
    <message>
        <source>city</source>
        <translation>ciudad</translation>
    </message>
    <message>
        <source>zip</source>
        <translation>ZIP</translation>
    </message>
    <message>
        <source>email</source>
        <translation>correo</translation>
    </message>
    <message>
        <source>opt out phone</source>
        <translation>no llamar</translation>
    </message>
    <message>
        <source>tcpa flag</source>
        <translation>consentimiento TCPA</translation>
    </message>
    <message>
        <source>home year</source>
        <translation>año de la vivienda</translation>
    </message>
    <message>
        <source>taker id</source>
        <translation>ID de agente</translation>
    </message>
    <message>
        <source>append comment</source>
        <translation>nota</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>It is {time} in {city}</source>
        <translation>Hora en {city}: {time}</translation>
    </message>
    <message>
        <source>It is {time} {zone} there</source>
        <translation>Hora allá: {time} {zone}</translation>
    </message>
    <message>
        <source>{time} (lead&apos;s time)</source>
        <translation>{time} (hora del lead)</translation>
    </message>
    <message>
        <source>{time} your time</source>
        <translation>{time} su hora</translation>
    </message>
    <message>
        <source>Your time: {time} in {place}</source>
        <translation>Su hora: {time} en {place}</translation>
    </message>
    <message>
        <source>The lead&apos;s time zone is not known</source>
        <translation>No se conoce la zona horaria del lead</translation>
    </message>
    <message>
        <source>Lead&apos;s time: {time} in {place}</source>
        <translation>Hora del lead: {time} en {place}</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>{count} characters: this field takes at most {limit}. Shorten it; nothing was cut or sent.</source>
        <translation>{count} caracteres: este campo admite como máximo {limit}. Acórtelo; no se recortó ni se envió nada.</translation>
    </message>
</context>
<context>
    <name>Jump</name>
    <message>
        <source>a day (thu, 12/10, 10th, tomorrow) or a time (3pm, 3:30, 15:00), or both (thu 3)</source>
        <translation>un día (jue, 12/10 = mes/día, 10th, mañana) o una hora (3pm, 3:30, 15:00), o ambos (jue 3)</translation>
    </message>
    <message>
        <source>Jump to: {typed}</source>
        <translation>Ir a: {typed}</translation>
    </message>
    <message>
        <source>{jump} — type {examples}</source>
        <translation>{jump} — escriba {examples}</translation>
    </message>
    <message>
        <source>{jump} — no open block matches {words} (lead&apos;s time)</source>
        <translation>{jump} — ningún bloque libre coincide con {words} (hora del lead)</translation>
    </message>
    <message>
        <source>{jump} → {day}, {time} (lead&apos;s time)</source>
        <translation>{jump} → {day}, {time} (hora del lead)</translation>
    </message>
</context>
<context>
    <name>Keychain</name>
    <message>
        <source>The keychain could not be read ({error}).</source>
        <translation>No se pudo leer el llavero ({error}).</translation>
    </message>
    <message>
        <source>There is no keychain on this computer to keep the token in.</source>
        <translation>Esta computadora no tiene un llavero donde guardar el token.</translation>
    </message>
    <message>
        <source>The keychain refused the token ({error}).</source>
        <translation>El llavero rechazó el token ({error}).</translation>
    </message>
    <message>
        <source>The keychain could not delete the token ({error}).</source>
        <translation>El llavero no pudo borrar el token ({error}).</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>Follow the system ({language})</source>
        <translation>Seguir el sistema ({language})</translation>
    </message>
    <message>
        <source>Language saved: it applies the next time the console starts</source>
        <translation>Idioma guardado: se aplica la próxima vez que se abra la consola</translation>
    </message>
</context>
<context>
    <name>LeadEditor</name>
    <message>
        <source>First &amp;name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>L&amp;ast name</source>
        <translation>A&amp;pellido</translation>
    </message>
    <message>
        <source>Str&amp;eet</source>
        <translation>D&amp;irección</translation>
    </message>
    <message>
        <source>C&amp;ity</source>
        <translation>Ci&amp;udad</translation>
    </message>
    <message>
        <source>&amp;ZIP</source>
        <translation>&amp;ZIP</translation>
    </message>
    <message>
        <source>E&amp;mail</source>
        <translation>Co&amp;rreo</translation>
    </message>
    <message>
        <source>Home &amp;year</source>
        <translation>Año de la &amp;vivienda</translation>
    </message>
    <message>
        <source>Ta&amp;ker id</source>
        <translation>ID de ag&amp;ente</translation>
    </message>
    <message>
        <source>D&amp;o not call</source>
        <translation>N&amp;o llamar</translation>
    </message>
    <message>
        <source>&amp;TCPA consent</source>
        <translation>Con&amp;sentimiento TCPA</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <source>Your time</source>
        <translation>Su hora</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>Vendedor</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Mercado</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Tipificación</translation>
    </message>
    <message>
        <source>Caller&apos;s local time</source>
        <translation>Hora local del cliente</translation>
    </message>
    <message>
        <source>Phone (read-only)</source>
        <translation>Teléfono (solo lectura)</translation>
    </message>
    <message>
        <source>The phone number is the lead&apos;s key and cannot be changed here</source>
        <translation>El teléfono identifica al lead y no se puede cambiar aquí</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>e.g. 1998</source>
        <translation>p. ej. 1998</translation>
    </message>
    <message>
        <source>Added to the lead&apos;s notes when you save</source>
        <translation>Se agrega a las notas del lead al guardar</translation>
    </message>
    <message>
        <source>Note to add to the lead</source>
        <translation>Nota para agregar al lead</translation>
    </message>
    <message>
        <source>Note to a&amp;dd</source>
        <translation>De&amp;jar nota</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>{fact}:</source>
        <translation>{fact}:</translation>
    </message>
    <message>
        <source>From the CRM</source>
        <translation>Del CRM</translation>
    </message>
    <message>
        <source>The caller&apos;s local time ({zone}), told again each minute</source>
        <translation>La hora local del cliente ({zone}), actualizada cada minuto</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>No appointment</source>
        <translation>Sin cita</translation>
    </message>
</context>
<context>
    <name>LeadPane</name>
    <message>
        <source>Type the caller&apos;s phone number in any format and press Enter.

Press F1 for the keyboard shortcuts.</source>
        <translation>Escriba el teléfono del cliente en cualquier formato y presione Enter.

Presione F1 para ver los atajos de teclado.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>What was done for this caller, when and by whom</source>
        <translation>Lo que se hizo con este cliente, cuándo y por quién</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Des&amp;hacer</translation>
    </message>
    <message>
        <source>Not-qualified reason</source>
        <translation>Motivo de no calificado</translation>
    </message>
    <message>
        <source>Choose a reason</source>
        <translation>Elija un motivo</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>Comentario (opcional)</translation>
    </message>
    <message>
        <source>Not-qualified comment</source>
        <translation>Comentario de no calificado</translation>
    </message>
    <message>
        <source>Mark not &amp;qualified</source>
        <translation>&amp;Marcar como no calificado</translation>
    </message>
    <message>
        <source>Reload not-qualified reasons</source>
        <translation>Recargar los motivos de no calificado</translation>
    </message>
    <message>
        <source>Reload the reasons from the CRM (Ctrl+Shift+D)</source>
        <translation>Recargar los motivos del CRM (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>&amp;Why</source>
        <translation>Por &amp;qué</translation>
    </message>
    <message>
        <source>Not qualified</source>
        <translation>No calificado</translation>
    </message>
</context>
<context>
    <name>LookAhead</name>
    <message>
        <source>HeavySet&apos;s limit of requests a minute is nearly reached: press Enter to look the number up.</source>
        <translation>Casi se alcanza el límite de solicitudes por minuto de HeavySet: pulse Enter para buscar el número.</translation>
    </message>
    <message>
        <source>Lookup stopped: the number changed.</source>
        <translation>Búsqueda detenida: el número cambió.</translation>
    </message>
</context>
<context>
    <name>Lookup</name>
    <message>
        <source>Keep typing…</source>
        <translation>Siga escribiendo…</translation>
    </message>
    <message>
        <source>Not looked up: {why}</source>
        <translation>No se buscó: {why}</translation>
    </message>
    <message>
        <source>this lead</source>
        <translation>este lead</translation>
    </message>
    <message>
        <source>{number}: not looked up yet. Save or revert {who}, then press Enter here.</source>
        <translation>{number}: aún no se buscó. Guarde o deshaga los cambios de {who} y pulse Enter aquí.</translation>
    </message>
    <message>
        <source>{number} was not looked up: you kept your unsaved changes to {who}. Save them (Ctrl+S) or revert them (Esc), then press Enter in the phone field (Ctrl+F) to look it up.</source>
        <translation>No se buscó {number}: conservó sus cambios sin guardar de {who}. Guárdelos (Ctrl+S) o deshágalos (Esc) y pulse Enter en el campo del teléfono (Ctrl+F) para buscarlo.</translation>
    </message>
    <message>
        <source>{number} is waiting in the phone field</source>
        <translation>{number} espera en el campo del teléfono</translation>
    </message>
    <message>
        <source>Looking up {number}…</source>
        <translation>Buscando {number}…</translation>
    </message>
    <message>
        <source>HeavySet&apos;s limit of requests a minute is reached: {number} is looked up at {at}…</source>
        <translation>Se alcanzó el límite de solicitudes por minuto de HeavySet: {number} se busca a las {at}…</translation>
    </message>
    <message>
        <source>Lookup</source>
        <translation>buscar</translation>
    </message>
    <message>
        <source>HeavySet refused a change to {who}: {why}.</source>
        <translation>HeavySet rechazó un cambio de {who}: {why}.</translation>
    </message>
    <message>
        <source>HeavySet refused a change to {who}.</source>
        <translation>HeavySet rechazó un cambio de {who}.</translation>
    </message>
    <message>
        <source>What was refused is back in the fields, marked as changed: fix it and save again (Ctrl+S).</source>
        <translation>Lo rechazado está de nuevo en los campos, marcado como cambiado: corríjalo y guarde otra vez (Ctrl+S).</translation>
    </message>
    <message>
        <source>Found {who}</source>
        <translation>Encontrado: {who}</translation>
    </message>
    <message>
        <source>The lead is shown, but its blocks could not be loaded.</source>
        <translation>Se muestra el lead, pero no se pudieron cargar sus bloques.</translation>
    </message>
    <message>
        <source>No lead for {number}</source>
        <translation>Ningún lead con el {number}</translation>
    </message>
    <message>
        <source>Appointment blocks: not loaded</source>
        <translation>Bloques de citas: no cargados</translation>
    </message>
    <message>
        <source>The blocks could not be shown: {why}</source>
        <translation>No se pudieron mostrar los bloques: {why}</translation>
    </message>
    <message>
        <source>Appointment blocks: not shown</source>
        <translation>Bloques de citas: no mostrados</translation>
    </message>
    <message>
        <source>Loading blocks</source>
        <translation>cargar los bloques</translation>
    </message>
    <message>
        <source>Calendar refreshed</source>
        <translation>Calendario actualizado</translation>
    </message>
    <message>
        <source>Loading not-qualified reasons</source>
        <translation>cargar los motivos de no calificado</translation>
    </message>
    <message>
        <source>{count} not-qualified reasons loaded</source>
        <translation>{count} motivos de no calificado cargados</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Working on {profile}</source>
        <translation>Trabajando en {profile}</translation>
    </message>
    <message>
        <source>The number is looked up as soon as the console is ready.</source>
        <translation>El número se busca en cuanto la consola esté lista.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Kept in the outbox behind {count} earlier change(s) of this lead; it is sent right after them.</source>
        <translation>Guardado en la bandeja de salida detrás de {count} cambio(s) anterior(es) de este lead; se envía justo después.</translation>
    </message>
    <message>
        <source>{service} did not confirm the link and none was found. Nothing was sent twice: Send again checks first, then sends.</source>
        <translation>{service} no confirmó el enlace y no se encontró ninguno. No se envió nada dos veces: Enviar de nuevo primero comprueba y luego envía.</translation>
    </message>
    <message>
        <source>{why}. Ask your HeavySet admin what this token may do.</source>
        <translation>{why}. Pregunte a su administrador de HeavySet qué puede hacer este token.</translation>
    </message>
    <message>
        <source>it may be read-only.</source>
        <translation>puede que sea solo de lectura.</translation>
    </message>
    <message>
        <source>{service} refused this key the action: {why}</source>
        <translation>{service} no permite esta acción con esta clave: {why}</translation>
    </message>
    <message>
        <source>{service} rejected the API key: open Settings ▸ Connectors and enter a new one.</source>
        <translation>{service} rechazó la clave de API: abra Configuración ▸ Conectores e ingrese una nueva.</translation>
    </message>
    <message>
        <source>Token rejected: open Setup and enter a new access token.</source>
        <translation>Token rechazado: abra la configuración inicial e ingrese un token de acceso nuevo.</translation>
    </message>
    <message>
        <source>This HeavySet account is in demo mode: it cannot look up or change real leads.</source>
        <translation>Esta cuenta de HeavySet está en modo demo: no puede buscar ni cambiar leads reales.</translation>
    </message>
    <message>
        <source>Try again in {seconds} s.</source>
        <translation>Inténtelo de nuevo en {seconds} s.</translation>
    </message>
    <message>
        <source>Try again in a minute.</source>
        <translation>Inténtelo de nuevo en un minuto.</translation>
    </message>
    <message>
        <source>HeavySet is limiting requests (over 60 a minute).</source>
        <translation>HeavySet está limitando las solicitudes (más de 60 por minuto).</translation>
    </message>
    <message>
        <source>{service} is limiting requests.</source>
        <translation>{service} está limitando las solicitudes.</translation>
    </message>
    <message>
        <source>{service} had a problem (HTTP {status}). Try again in a moment.</source>
        <translation>{service} tuvo un problema (HTTP {status}). Inténtelo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>Can&apos;t reach {service}: {why}. Check the network and try again.</source>
        <translation>No se puede conectar con {service}: {why}. Revise la red e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>{service} is still working on this change. It is asked again in a moment with the same key.</source>
        <translation>{service} todavía está procesando este cambio. Se le vuelve a preguntar en un momento con la misma clave.</translation>
    </message>
    <message>
        <source>{service} answered, but its answer could not be read ({why}).</source>
        <translation>{service} respondió, pero su respuesta no se pudo leer ({why}).</translation>
    </message>
    <message>
        <source>{service} has no such record.</source>
        <translation>{service} no tiene ese registro.</translation>
    </message>
    <message>
        <source>HeavySet has no lead with that phone number.</source>
        <translation>HeavySet no tiene ningún lead con ese número de teléfono.</translation>
    </message>
    <message>
        <source>That block was just taken or removed. The calendar is refreshed: pick another block.</source>
        <translation>Ese bloque se acaba de ocupar o quitar. El calendario se actualizó: elija otro bloque.</translation>
    </message>
    <message>
        <source>{service} refused the change: {why}</source>
        <translation>{service} rechazó el cambio: {why}</translation>
    </message>
    <message>
        <source>{service} sent an answer too big to read, so nothing of it was used. Look up fewer days ahead; if it persists, report it.</source>
        <translation>{service} envió una respuesta demasiado grande para leerla, así que no se usó nada de ella. Busque menos días hacia adelante; si continúa, repórtelo.</translation>
    </message>
    <message>
        <source>{service} sent an answer the console does not understand{field}. Try again; if it persists, report it.</source>
        <translation>{service} envió una respuesta que la consola no entiende{field}. Inténtelo de nuevo; si continúa, repórtelo.</translation>
    </message>
    <message>
        <source>Something went wrong. The details are in the log.</source>
        <translation>Algo salió mal. Los detalles están en el registro.</translation>
    </message>
    <message>
        <source>Not sent yet. Nothing is lost: the change waits in the outbox and is sent automatically.</source>
        <translation>Aún no se envió. No se pierde nada: el cambio espera en la bandeja de salida y se envía automáticamente.</translation>
    </message>
    <message>
        <source>HeavySet asked us to wait: the change is kept in the outbox and goes at {time}.</source>
        <translation>HeavySet pidió esperar: el cambio se guarda en la bandeja de salida y se envía a las {time}.</translation>
    </message>
    <message>
        <source>HeavySet asked us to wait: the change is kept in the outbox and goes shortly.</source>
        <translation>HeavySet pidió esperar: el cambio se guarda en la bandeja de salida y se envía en breve.</translation>
    </message>
    <message>
        <source>Sent, but not confirmed yet: {why}. The change is kept and confirmed automatically with the same key at {time}, so it is made only once. Nothing to do.</source>
        <translation>Enviado, pero aún sin confirmar: {why}. El cambio se guarda y se confirma automáticamente con la misma clave a las {time}, así que se hace una sola vez. No tiene que hacer nada.</translation>
    </message>
    <message>
        <source>Sent, but not confirmed yet: {why}. The change is kept and confirmed automatically with the same key, so it is made only once. Nothing to do.</source>
        <translation>Enviado, pero aún sin confirmar: {why}. El cambio se guarda y se confirma automáticamente con la misma clave, así que se hace una sola vez. No tiene que hacer nada.</translation>
    </message>
    <message>
        <source>Not sent yet: {why}. Nothing is lost: the change waits in the outbox and is sent automatically at {time}.</source>
        <translation>Aún no se envió: {why}. No se pierde nada: el cambio espera en la bandeja de salida y se envía automáticamente a las {time}.</translation>
    </message>
    <message>
        <source>Not sent yet: {why}. Nothing is lost: the change waits in the outbox and is sent automatically.</source>
        <translation>Aún no se envió: {why}. No se pierde nada: el cambio espera en la bandeja de salida y se envía automáticamente.</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <source>Connecting to {host} timed out</source>
        <translation>Se agotó el tiempo al conectar con {host}</translation>
    </message>
    <message>
        <source>No connection to {host} was free in time</source>
        <translation>Ninguna conexión con {host} quedó libre a tiempo</translation>
    </message>
    <message>
        <source>{host} did not answer in time</source>
        <translation>{host} no respondió a tiempo</translation>
    </message>
    <message>
        <source>Could not connect to {host}</source>
        <translation>No se pudo conectar con {host}</translation>
    </message>
    <message>
        <source>{host} dropped the connection</source>
        <translation>{host} cortó la conexión</translation>
    </message>
    <message>
        <source>The connection to {host} broke</source>
        <translation>Se cortó la conexión con {host}</translation>
    </message>
    <message>
        <source>Network error talking to {host}</source>
        <translation>Error de red al comunicarse con {host}</translation>
    </message>
    <message>
        <source>The low-latency lookup route answered 404 {count} times in a row while the main one answered: lookups use the main route until the console restarts.</source>
        <translation>La ruta de búsqueda rápida respondió 404 {count} veces seguidas mientras la principal respondía: las búsquedas usan la ruta principal hasta que se reinicie la consola.</translation>
    </message>
    <message>
        <source>The low-latency lookup route failed ({why}) {count} times in a row while the main one answered: lookups use the main route until the console restarts.</source>
        <translation>La ruta de búsqueda rápida falló ({why}) {count} veces seguidas mientras la principal respondía: las búsquedas usan la ruta principal hasta que se reinicie la consola.</translation>
    </message>
</context>
<context>
    <name>NewLead</name>
    <message>
        <source>TCPA consent and the opt-in note</source>
        <translation>consentimiento TCPA y la nota de aceptación de ofertas</translation>
    </message>
    <message>
        <source>the opt-in note</source>
        <translation>nota de aceptación de ofertas</translation>
    </message>
    <message>
        <source>The lead is created, but HeavySet did not take its {what}: {why}. Set it in the lead.</source>
        <translation>El lead está creado, pero HeavySet no aceptó su {what}: {why}. Hágalo a mano en el lead.</translation>
    </message>
    <message>
        <source>The {what} waits in the outbox: it is sent before the lead&apos;s booking.</source>
        <translation>El envío de su {what} espera en la bandeja de salida: se hace antes de la cita del lead.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>sin motivo</translation>
    </message>
    <message>
        <source>HeavySet refused the {what}: {why}. See the outbox.</source>
        <translation>HeavySet rechazó su {what}: {why}. Vea la bandeja de salida.</translation>
    </message>
</context>
<context>
    <name>NewLeadFlow</name>
    <message>
        <source>Check the highlighted fields. Nothing was sent.</source>
        <translation>Revise los campos resaltados. No se envió nada.</translation>
    </message>
    <message>
        <source>Check the highlighted fields.</source>
        <translation>Revise los campos resaltados.</translation>
    </message>
    <message>
        <source>The new lead waits in the outbox and is created as soon as HeavySet answers; its blocks appear here then.</source>
        <translation>El lead nuevo espera en la bandeja de salida y se crea en cuanto HeavySet responda; entonces sus bloques aparecen aquí.</translation>
    </message>
    <message>
        <source>Kept in the outbox: {change}</source>
        <translation>Guardado en la bandeja de salida: {change}</translation>
    </message>
    <message>
        <source>Creating the lead…</source>
        <translation>Creando el lead…</translation>
    </message>
    <message>
        <source>Creating the lead</source>
        <translation>crear el lead</translation>
    </message>
    <message>
        <source>Kept in the outbox</source>
        <translation>Guardado en la bandeja de salida</translation>
    </message>
    <message>
        <source>Lead created ({id}). Pick a block on the right and press Book (Ctrl+Enter).</source>
        <translation>Lead creado ({id}). Elija un bloque a la derecha y pulse Agendar (Ctrl+Enter).</translation>
    </message>
    <message>
        <source>The lead is created, but its blocks could not be loaded: {why} Press Refresh.</source>
        <translation>El lead está creado, pero no se pudieron cargar sus bloques: {why} Pulse Actualizar.</translation>
    </message>
    <message>
        <source>Lead created: pick a block and book</source>
        <translation>Lead creado: elija un bloque y agende</translation>
    </message>
</context>
<context>
    <name>NewLeadForm</name>
    <message>
        <source>First &amp;name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>L&amp;ast name</source>
        <translation>A&amp;pellido</translation>
    </message>
    <message>
        <source>Ph&amp;one</source>
        <translation>T&amp;eléfono</translation>
    </message>
    <message>
        <source>Str&amp;eet</source>
        <translation>D&amp;irección</translation>
    </message>
    <message>
        <source>&amp;ZIP</source>
        <translation>&amp;ZIP</translation>
    </message>
    <message>
        <source>E&amp;mail</source>
        <translation>Co&amp;rreo</translation>
    </message>
    <message>
        <source>Pro&amp;duct</source>
        <translation>Prod&amp;ucto</translation>
    </message>
    <message>
        <source>Commen&amp;ts</source>
        <translation>Co&amp;mentarios</translation>
    </message>
    <message>
        <source>TCPA con&amp;sent</source>
        <translation>Con&amp;sentimiento TCPA</translation>
    </message>
    <message>
        <source>The caller agrees to be called and texted about this, automated dialing included. Set on the lead right after it is created: the new-lead request has no field for it.</source>
        <translation>El cliente acepta que lo llamen y le envíen mensajes de texto sobre esto, incluso con marcación automática. Se marca en el lead justo después de crearlo: la solicitud de nuevo lead no tiene un campo para esto.</translation>
    </message>
    <message>
        <source>Opt-&amp;in</source>
        <translation>Acepta &amp;ofertas</translation>
    </message>
    <message>
        <source>The caller asks to hear about offers and news. No HeavySet request can set the opt-in: it is written in the lead&apos;s notes.</source>
        <translation>El cliente pide recibir ofertas y novedades. Ninguna solicitud de HeavySet puede marcarlo: se anota en las notas del lead.</translation>
    </message>
    <message>
        <source> (required)</source>
        <translation> (obligatorio)</translation>
    </message>
    <message>
        <source>City and state of the ZIP</source>
        <translation>Ciudad y estado del ZIP</translation>
    </message>
    <message>
        <source>From the ZIP; HeavySet fills in the lead&apos;s city and state from it</source>
        <translation>Según el ZIP; HeavySet completa con él la ciudad y el estado del lead</translation>
    </message>
    <message>
        <source>City, state</source>
        <translation>Ciudad, estado</translation>
    </message>
    <message>
        <source>e.g. {products}</source>
        <translation>p. ej. {products}</translation>
    </message>
    <message>
        <source>Create lead</source>
        <translation>Crear lead</translation>
    </message>
    <message>
        <source>Enter in any field creates the lead</source>
        <translation>Enter en cualquier campo crea el lead</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>Nuevo lead</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Not a ZIP we know: check it (HeavySet may refuse it)</source>
        <translation>ZIP desconocido: revíselo (HeavySet podría rechazarlo)</translation>
    </message>
    <message>
        <source>Create the lead, then pick a block on the right and book it.</source>
        <translation>Cree el lead; luego elija un bloque a la derecha y agéndelo.</translation>
    </message>
    <message>
        <source>HeavySet has no lead with the phone number {phone}. If this is a new caller, enter their details, create the lead and book them now. If the number is wrong, correct it in the phone field (Ctrl+F) and press Enter.</source>
        <translation>HeavySet no tiene ningún lead con el teléfono {phone}. Si es un cliente nuevo, escriba sus datos, cree el lead y agéndelo ahora. Si el número está mal, corríjalo en el campo de teléfono (Ctrl+F) y presione Enter.</translation>
    </message>
    <message>
        <source>HeavySet has no lead with the phone number {phone}. If this is a new caller, press Enter to fill in their details, then create the lead and book them. If the number is wrong, correct it in the phone field.</source>
        <translation>HeavySet no tiene ningún lead con el teléfono {phone}. Si es un cliente nuevo, presione Enter para escribir sus datos; luego cree el lead y agéndelo. Si el número está mal, corríjalo en el campo de teléfono.</translation>
    </message>
    <message>
        <source>Appointment blocks (after the lead is created)</source>
        <translation>Bloques de citas (después de crear el lead)</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>{doing} failed. {why}</source>
        <translation>Error al {doing}. {why}</translation>
    </message>
    <message>
        <source>{doing} failed</source>
        <translation>Error al {doing}</translation>
    </message>
</context>
<context>
    <name>OutboxWatch</name>
    <message>
        <source>Reached Apptoto: {change}</source>
        <translation>Llegó a Apptoto: {change}</translation>
    </message>
    <message>
        <source>Reached HeavySet: {change}</source>
        <translation>Llegó a HeavySet: {change}</translation>
    </message>
    <message>
        <source>Apptoto refused a reminder update: {change}. {why} The HeavySet booking stands. Open Pending changes (in the status bar) to retry or discard it.</source>
        <translation>Apptoto rechazó una actualización del recordatorio: {change}. {why} La cita en HeavySet sigue en pie. Abra Cambios pendientes (en la barra de estado) para reintentarla o descartarla.</translation>
    </message>
    <message>
        <source>Apptoto refused: {change}</source>
        <translation>Apptoto rechazó: {change}</translation>
    </message>
    <message>
        <source>Refused: {change}</source>
        <translation>Rechazado: {change}</translation>
    </message>
    <message>
        <source>HeavySet refused a change that was waiting to be sent: {change}. {why} Open Pending changes (in the status bar) to fix or discard it.</source>
        <translation>HeavySet rechazó un cambio que esperaba ser enviado: {change}. {why} Abra Cambios pendientes (en la barra de estado) para corregirlo o descartarlo.</translation>
    </message>
    <message>
        <source>Waiting to be sent to HeavySet (already shown below):</source>
        <translation>Esperando a enviarse a HeavySet (ya se muestra abajo):</translation>
    </message>
</context>
<context>
    <name>PendingChanges</name>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last answer</source>
        <translation>Última respuesta</translation>
    </message>
    <message>
        <source>Refused: needs you</source>
        <translation>Rechazado: requiere su atención</translation>
    </message>
    <message>
        <source>Waits for its HeavySet change</source>
        <translation>Espera su cambio en HeavySet</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>En espera de envío</translation>
    </message>
    <message>
        <source>any moment</source>
        <translation>en cualquier momento</translation>
    </message>
    <message>
        <source>in {seconds} s</source>
        <translation>en {seconds} s</translation>
    </message>
    <message>
        <source>in {minutes} min</source>
        <translation>en {minutes} min</translation>
    </message>
    <message>
        <source>Tried {count}×, again {when}</source>
        <translation>Intentado {count}×, de nuevo {when}</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Cambios pendientes</translation>
    </message>
    <message>
        <source>Pending and refused changes</source>
        <translation>Cambios pendientes y rechazados</translation>
    </message>
    <message>
        <source>What was typed</source>
        <translation>Lo que se escribió</translation>
    </message>
    <message>
        <source>Nothing is waiting: every change has reached HeavySet (and Apptoto, where used).</source>
        <translation>No hay nada en espera: todos los cambios llegaron a HeavySet (y a Apptoto, donde se usa).</translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation>&amp;Reintentar ahora</translation>
    </message>
    <message>
        <source>&amp;Fix in the editor</source>
        <translation>&amp;Corregir en el editor</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Descartar…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>What was typed:</source>
        <translation>Lo que se escribió:</translation>
    </message>
    <message>
        <source>Throw this change away? It will never reach {service}.</source>
        <translation>¿Descartar este cambio? Nunca llegará a {service}.</translation>
    </message>
    <message>
        <source>Discard change</source>
        <translation>Descartar cambio</translation>
    </message>
    <message>
        <source>This change cannot be discarded now.</source>
        <translation>Este cambio no se puede descartar ahora.</translation>
    </message>
    <message>
        <source>This change is being sent right now (or has just arrived), so it cannot be discarded.</source>
        <translation>Este cambio se está enviando en este momento (o acaba de llegar), así que no se puede descartar.</translation>
    </message>
</context>
<context>
    <name>Phones</name>
    <message>
        <source>Enter a phone number.</source>
        <translation>Escriba un número de teléfono.</translation>
    </message>
    <message>
        <source>A phone number needs digits.</source>
        <translation>Un número de teléfono necesita dígitos.</translation>
    </message>
    <message>
        <source>Add the area code: that number has only 7 digits.</source>
        <translation>Agregue el código de área: ese número solo tiene 7 dígitos.</translation>
    </message>
    <message>
        <source>That number is too short ({digits} digits); check for a missing digit.</source>
        <translation>Ese número es demasiado corto ({digits} dígitos); revise si falta un dígito.</translation>
    </message>
    <message>
        <source>That number is too long ({digits} digits); check for an extra digit.</source>
        <translation>Ese número es demasiado largo ({digits} dígitos); revise si sobra un dígito.</translation>
    </message>
    <message>
        <source>That number has {digits} digits; check for a missing or extra digit.</source>
        <translation>Ese número tiene {digits} dígitos; revise si falta o sobra un dígito.</translation>
    </message>
    <message>
        <source>That is not a valid phone number; check the area code.</source>
        <translation>No es un número de teléfono válido; revise el código de área.</translation>
    </message>
    <message>
        <source>Unknown country code; start with + and the country code, or type a US number.</source>
        <translation>Código de país desconocido; empiece con + y el código de país, o escriba un número de EE. UU.</translation>
    </message>
    <message>
        <source>That number is too short.</source>
        <translation>Ese número es demasiado corto.</translation>
    </message>
    <message>
        <source>That number is too long.</source>
        <translation>Ese número es demasiado largo.</translation>
    </message>
    <message>
        <source>That does not look like a phone number.</source>
        <translation>Eso no parece un número de teléfono.</translation>
    </message>
</context>
<context>
    <name>Questions</name>
    <message>
        <source>Revert changes</source>
        <translation>Deshacer cambios</translation>
    </message>
    <message>
        <source>Throw away your unsaved changes to this lead?</source>
        <translation>¿Descartar los cambios sin guardar de este lead?</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>Reagendar</translation>
    </message>
    <message>
        <source>Move {name}&apos;s appointment to
{day}, {lead_time} (their time),
{your_time} your time?</source>
        <translation>¿Mover la cita de {name} al
{day}, {lead_time} (hora del lead),
{your_time} su hora?</translation>
    </message>
    <message>
        <source>this lead</source>
        <translation>este lead</translation>
    </message>
    <message>
        <source>Cancel the appointment</source>
        <translation>Cancelar la cita</translation>
    </message>
    <message>
        <source>Cancel {name}&apos;s appointment on {when}?
Why is it cancelled? (added to the lead&apos;s notes)</source>
        <translation>¿Cancelar la cita de {name} del {when}?
¿Por qué se cancela? (se agrega a las notas del lead)</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Conservarla</translation>
    </message>
    <message>
        <source>Not qualified</source>
        <translation>No calificado</translation>
    </message>
    <message>
        <source>Mark {name} not qualified:
{reason}?</source>
        <translation>¿Marcar a {name} como no calificado:
{reason}?</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>You have unsaved changes. Quit and discard them?</source>
        <translation>Tiene cambios sin guardar. ¿Salir y descartarlos?</translation>
    </message>
    <message>
        <source>You changed {name} and did not save.
Discard those changes?</source>
        <translation>Hizo cambios en {name} y no los guardó.
¿Descartar esos cambios?</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>No reminder sent yet</source>
        <translation>Aún no se envió ningún recordatorio</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Aceptada</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Rechazada</translation>
    </message>
    <message>
        <source>Reminded, no answer yet</source>
        <translation>Recordatorio enviado, aún sin respuesta</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmada</translation>
    </message>
    <message>
        <source>Not coming</source>
        <translation>No asistirá</translation>
    </message>
    <message>
        <source>Not coming: needs a new time</source>
        <translation>No asistirá: necesita otra hora</translation>
    </message>
    <message>
        <source>Not coming: no new time wanted</source>
        <translation>No asistirá: no quiere otra hora</translation>
    </message>
    <message>
        <source>State not known</source>
        <translation>Estado desconocido</translation>
    </message>
    <message>
        <source>No participant</source>
        <translation>Sin participante</translation>
    </message>
    <message>
        <source>State “{state}”</source>
        <translation>Estado “{state}”</translation>
    </message>
    <message>
        <source>No reply to the reminder</source>
        <translation>Sin respuesta al recordatorio</translation>
    </message>
    <message>
        <source>{state} by text, {time}: “{reply}”</source>
        <translation>{state} por mensaje de texto, {time}: “{reply}”</translation>
    </message>
    <message>
        <source>{state} by email, {time}: “{reply}”</source>
        <translation>{state} por correo, {time}: “{reply}”</translation>
    </message>
    <message>
        <source>{state} by phone, {time}: “{reply}”</source>
        <translation>{state} por teléfono, {time}: “{reply}”</translation>
    </message>
    <message>
        <source>Replied {time}: “{reply}”</source>
        <translation>Respondió {time}: “{reply}”</translation>
    </message>
    <message>
        <source>Reminder sent {time}</source>
        <translation>Recordatorio enviado {time}</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation>Aún no hay mensajes</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <source>Still working on the previous request…</source>
        <translation>Todavía se está procesando la solicitud anterior…</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>Phone number, any format</source>
        <translation>Cualquier formato</translation>
    </message>
    <message>
        <source>Phone number to look up</source>
        <translation>Teléfono a buscar</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Teléfono</translation>
    </message>
    <message>
        <source>Looking up</source>
        <translation>Buscando</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Recent lookups</source>
        <translation>Búsquedas recientes</translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation>&amp;Búsquedas recientes</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
</context>
<context>
    <name>SendLink</name>
    <message>
        <source>This TimeZest key can only read: ask an administrator for a read/write key to send links.</source>
        <translation>Esta clave de TimeZest solo puede leer: pida a un administrador una clave de lectura y escritura para enviar enlaces.</translation>
    </message>
    <message>
        <source>New: link made, not emailed yet</source>
        <translation>Nuevo: enlace creado, aún no enviado por correo</translation>
    </message>
    <message>
        <source>Sent: waiting for the homeowner</source>
        <translation>Enviado: esperando al cliente</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Agendado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrado</translation>
    </message>
    <message>
        <source>The lead has no email address: TimeZest needs one to send the link to.</source>
        <translation>El lead no tiene correo: TimeZest necesita uno para enviarle el enlace.</translation>
    </message>
    <message>
        <source>The window ends before it starts.</source>
        <translation>El período termina antes de empezar.</translation>
    </message>
    <message>
        <source>The note on the HeavySet lead waits in Pending changes.</source>
        <translation>La nota en el lead de HeavySet espera en Cambios pendientes.</translation>
    </message>
    <message>
        <source>The note on the HeavySet lead was not added: {why}</source>
        <translation>La nota no se agregó al lead de HeavySet: {why}</translation>
    </message>
    <message>
        <source>The note on the HeavySet lead was not added; add the link to the lead by hand.</source>
        <translation>La nota no se agregó al lead de HeavySet; agregue el enlace al lead a mano.</translation>
    </message>
    <message>
        <source>Noted on the HeavySet lead.</source>
        <translation>Anotado en el lead de HeavySet.</translation>
    </message>
</context>
<context>
    <name>SendLinkDialog</name>
    <message>
        <source>Appointment type</source>
        <translation>Tipo de cita</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>How it reaches them</source>
        <translation>Cómo le llega</translation>
    </message>
    <message>
        <source>I &amp;pass the link on (TimeZest makes it and does not email it)</source>
        <translation>Yo le &amp;paso el enlace (TimeZest lo crea y no lo envía por correo)</translation>
    </message>
    <message>
        <source>I pass the link on: TimeZest makes it and does not email it</source>
        <translation>Yo le paso el enlace: TimeZest lo crea y no lo envía por correo</translation>
    </message>
    <message>
        <source>TimeZest &amp;emails it to {email} (its own workflow)</source>
        <translation>TimeZest lo en&amp;vía por correo a {email} (con su propio flujo)</translation>
    </message>
    <message>
        <source>TimeZest emails it to {email} by its own workflow</source>
        <translation>TimeZest lo envía por correo a {email} con su propio flujo</translation>
    </message>
    <message>
        <source>TimeZest &amp;emails it to the homeowner (its own workflow)</source>
        <translation>TimeZest lo en&amp;vía por correo al cliente (con su propio flujo)</translation>
    </message>
    <message>
        <source>TimeZest emails it to the homeowner by its own workflow</source>
        <translation>TimeZest lo envía por correo al cliente con su propio flujo</translation>
    </message>
    <message>
        <source>How the link reaches the homeowner</source>
        <translation>Cómo le llega el enlace al cliente</translation>
    </message>
    <message>
        <source>their email address</source>
        <translation>su correo</translation>
    </message>
    <message>
        <source>TimeZest sends {who} the link at {email} through its own workflow. You need not pass it on.</source>
        <translation>TimeZest le envía a {who} el enlace por correo ({email}) con su propio flujo. No hace falta que usted se lo pase.</translation>
    </message>
    <message>
        <source>TimeZest makes the link but does not email it: give it to {who} yourself (read it out, or copy it into a message). It is also noted on the lead.</source>
        <translation>TimeZest crea el enlace pero no lo envía por correo: déselo usted a {who} (léaselo o cópielo en un mensaje). También queda anotado en el lead.</translation>
    </message>
    <message>
        <source>TimeZest is sending {who} the link at {email} through its own workflow.</source>
        <translation>TimeZest le está enviando a {who} el enlace por correo ({email}) con su propio flujo.</translation>
    </message>
    <message>
        <source>The link is here too, if they ask for it.</source>
        <translation>El enlace también está aquí, por si se lo piden.</translation>
    </message>
    <message>
        <source>It gave no link to show here.</source>
        <translation>No dio un enlace para mostrar aquí.</translation>
    </message>
    <message>
        <source>Link made for {who}. TimeZest does not email it: read it out or copy it to give it to them.</source>
        <translation>Enlace creado para {who}. TimeZest no lo envía por correo: léaselo o cópielo para dárselo.</translation>
    </message>
    <message>
        <source>TimeZest made the request but gave no link, and it does not email one: nothing reached them.</source>
        <translation>TimeZest creó la solicitud pero no dio un enlace, y no envía uno por correo: al cliente no le llegó nada.</translation>
    </message>
    <message>
        <source>TimeZest does not email links for this account (it said: {said}). Nothing was sent. “I pass the link on” is chosen now: press Send link to make the link and give it to {who} yourself.</source>
        <translation>TimeZest no envía enlaces por correo en esta cuenta (dijo: {said}). No se envió nada. Ahora está elegido “Yo le paso el enlace”: presione Enviar enlace para crearlo y déselo usted a {who}.</translation>
    </message>
    <message>
        <source>Only &amp;between</source>
        <translation>Solo e&amp;ntre</translation>
    </message>
    <message>
        <source>Offer times only between two days</source>
        <translation>Ofrecer horas solo entre dos días</translation>
    </message>
    <message>
        <source>First day offered</source>
        <translation>Primer día ofrecido</translation>
    </message>
    <message>
        <source>Last day offered</source>
        <translation>Último día ofrecido</translation>
    </message>
    <message>
        <source>and</source>
        <translation>y</translation>
    </message>
    <message>
        <source>{name} (team)</source>
        <translation>{name} (equipo)</translation>
    </message>
    <message>
        <source>team</source>
        <translation>equipo</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>agente</translation>
    </message>
    <message>
        <source>Find an agent or team</source>
        <translation>Buscar un agente o equipo</translation>
    </message>
    <message>
        <source>Agents and teams</source>
        <translation>Agentes y equipos</translation>
    </message>
    <message>
        <source>Chosen agents and teams</source>
        <translation>Agentes y equipos elegidos</translation>
    </message>
    <message>
        <source>No agent or team matches “{typed}”.</source>
        <translation>Ningún agente ni equipo coincide con “{typed}”.</translation>
    </message>
    <message>
        <source>Chosen: {names}</source>
        <translation>Elegidos: {names}</translation>
    </message>
    <message>
        <source>No agent or team chosen yet.</source>
        <translation>Todavía no eligió ningún agente ni equipo.</translation>
    </message>
    <message>
        <source>The lead has no email address: TimeZest needs one to send the link to.</source>
        <translation>El lead no tiene correo: TimeZest necesita uno para enviarle el enlace.</translation>
    </message>
    <message>
        <source>Pick at least one agent or team.</source>
        <translation>Elija al menos un agente o equipo.</translation>
    </message>
    <message>
        <source>TimeZest has no appointment types to offer.</source>
        <translation>TimeZest no tiene tipos de cita para ofrecer.</translation>
    </message>
    <message>
        <source>TimeZest had already made this link; it was not sent twice.</source>
        <translation>TimeZest ya había creado este enlace; no se envió dos veces.</translation>
    </message>
    <message>
        <source>&amp;Send link</source>
        <translation>&amp;Enviar enlace</translation>
    </message>
    <message>
        <source>Send a&amp;gain (checks first)</source>
        <translation>Enviar &amp;de nuevo (revisa primero)</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Wait a moment: the link is being sent.</source>
        <translation>Espere un momento: el enlace se está enviando.</translation>
    </message>
    <message>
        <source>Loading appointment types and agents…</source>
        <translation>Cargando los tipos de cita y los agentes…</translation>
    </message>
    <message>
        <source>Send a scheduling link</source>
        <translation>Enviar un enlace para agendar</translation>
    </message>
    <message>
        <source>no email address</source>
        <translation>sin correo</translation>
    </message>
    <message>
        <source>Link for {who}, {email}</source>
        <translation>Enlace para {who}, {email}</translation>
    </message>
    <message>
        <source>Scheduling link for</source>
        <translation>Enlace para agendar dirigido a</translation>
    </message>
    <message>
        <source>⚠ This lead opted out of email: send them a link only if they asked for one.</source>
        <translation>⚠ Este lead no quiere recibir correos: envíele un enlace solo si lo pidió.</translation>
    </message>
    <message>
        <source>&amp;Appointment type</source>
        <translation>&amp;Tipo de cita</translation>
    </message>
    <message>
        <source>&amp;With</source>
        <translation>C&amp;on</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>Volver a &amp;intentar</translation>
    </message>
    <message>
        <source>Why the link cannot be sent</source>
        <translation>Por qué no se puede enviar el enlace</translation>
    </message>
    <message>
        <source>Scheduling link status</source>
        <translation>Estado del enlace para agendar</translation>
    </message>
    <message>
        <source>An earlier try to send this homeowner a link did not finish clearly. Sending now first checks what TimeZest made, so they never get two links.</source>
        <translation>Un intento anterior de enviarle un enlace a este cliente no terminó con claridad. Al enviar ahora, primero se revisa qué creó TimeZest, para que nunca reciba dos enlaces.</translation>
    </message>
    <message>
        <source>Scheduling link</source>
        <translation>Enlace para agendar</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the scheduling link</source>
        <translation>Copiar el enlace para agendar</translation>
    </message>
    <message>
        <source>HeavySet note</source>
        <translation>Nota en HeavySet</translation>
    </message>
    <message>
        <source>Link found, not sent twice</source>
        <translation>Enlace encontrado, no se envió dos veces</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Enlace</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>Ce&amp;rrar</translation>
    </message>
    <message>
        <source>The last day offered is before the first: pick a later one.</source>
        <translation>El último día ofrecido es anterior al primero: elija uno posterior.</translation>
    </message>
    <message>
        <source>The lead&apos;s email address “{email}” does not look right: correct it on the lead, then send.</source>
        <translation>El correo del lead “{email}” no parece correcto: corríjalo en el lead y luego envíe.</translation>
    </message>
    <message>
        <source>The choices are kept as they were so the check can find the first try.</source>
        <translation>Las opciones se mantienen como estaban para que la revisión encuentre el primer intento.</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>Enlace copiado.</translation>
    </message>
    <message>
        <source>Sending the link to TimeZest…</source>
        <translation>Enviando el enlace a TimeZest…</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Give the profile a name, e.g. the company or market.</source>
        <translation>Póngale un nombre al perfil, p. ej., la empresa o el mercado.</translation>
    </message>
    <message>
        <source>Use up to 60 characters, without slashes.</source>
        <translation>Use hasta 60 caracteres, sin barras.</translation>
    </message>
    <message>
        <source>The API origin must look like {example}</source>
        <translation>El origen de la API debe tener la forma {example}</translation>
    </message>
    <message>
        <source>Use https:// (plain http only for a simulator on this computer), e.g. {example}</source>
        <translation>Use https:// (http sin cifrar solo para un simulador en esta computadora), p. ej., {example}</translation>
    </message>
    <message>
        <source>Enter the email you sign in to Apptoto with.</source>
        <translation>Escriba el correo con el que entra a Apptoto.</translation>
    </message>
    <message>
        <source>The Apptoto account email must look like name@company.com</source>
        <translation>El correo de la cuenta de Apptoto debe tener la forma nombre@empresa.com</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation>No se puede leer {path}: {error}</translation>
    </message>
    <message>
        <source>{path} is not a JSON file</source>
        <translation>{path} no es un archivo JSON</translation>
    </message>
    <message>
        <source>Profile files must not contain tokens; enter the token at the desk instead.</source>
        <translation>Los archivos de perfil no deben contener tokens; escriba el token en el puesto de trabajo.</translation>
    </message>
</context>
<context>
    <name>SetupFlow</name>
    <message>
        <source>Finish the setup to start the console.</source>
        <translation>Termine la configuración para iniciar la consola.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Welcome to HeavySet Console</source>
        <translation>Bienvenido a HeavySet Console</translation>
    </message>
    <message>
        <source>Look up callers, fix their details and book appointments while you talk.</source>
        <translation>Busque a los clientes, corrija sus datos y agende citas mientras habla.</translation>
    </message>
    <message>
        <source>To work with your company&apos;s leads you need a HeavySet access token. Your admin creates one in HeavySet: Admin → Appointment Page → Access Tokens. It is shown only once, so have it at hand.

No token yet? Try the console on demo data first.</source>
        <translation>Para trabajar con los leads de su empresa necesita un token de acceso de HeavySet. Su administrador lo crea en HeavySet: Admin → Appointment Page → Access Tokens. Se muestra una sola vez, así que téngalo a la mano.

¿Aún no tiene token? Pruebe primero la consola con datos de demostración.</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>Probar la &amp;demo</translation>
    </message>
    <message>
        <source>Name this profile</source>
        <translation>Nombre del perfil</translation>
    </message>
    <message>
        <source>One profile per HeavySet account: a company, a market or a page.</source>
        <translation>Un perfil por cada cuenta de HeavySet: una empresa, un mercado o una página.</translation>
    </message>
    <message>
        <source>e.g. Sunrise Solar – Denver</source>
        <translation>p. ej. Sunrise Solar – Denver</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Nombre del perfil</translation>
    </message>
    <message>
        <source>&amp;Profile name</source>
        <translation>Nombre del &amp;perfil</translation>
    </message>
    <message>
        <source>A profile with that name exists already; choose another name.</source>
        <translation>Ya existe un perfil con ese nombre; elija otro nombre.</translation>
    </message>
    <message>
        <source>This computer has no keychain the console can use, so it cannot remember your token or API keys: Finish keeps them only until you close the console, and you paste them again at the next start. They are never written to a file.</source>
        <translation>Esta computadora no tiene un llavero que la consola pueda usar, así que no puede recordar su token ni sus claves de API: Finalizar los guarda solo hasta que cierre la consola, y tendrá que pegarlos de nuevo la próxima vez que la abra. Nunca se escriben en un archivo.</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Token de acceso</translation>
    </message>
    <message>
        <source> It is kept in this computer&apos;s keychain, never in a file.</source>
        <translation> Se guarda en el llavero de esta computadora, nunca en un archivo.</translation>
    </message>
    <message>
        <source>Paste the token from HeavySet.</source>
        <translation>Pegue el token de HeavySet.</translation>
    </message>
    <message>
        <source>Paste the access token</source>
        <translation>Pegue el token de acceso</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Mostrar</translation>
    </message>
    <message>
        <source>Use a se&amp;parate token for creating new leads</source>
        <translation>Usar otro token &amp;para crear leads nuevos</translation>
    </message>
    <message>
        <source>Token for new leads</source>
        <translation>Token para leads nuevos</translation>
    </message>
    <message>
        <source>Leave empty to use the same token</source>
        <translation>Déjelo vacío para usar el mismo token</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Token de acceso</translation>
    </message>
    <message>
        <source>Token for new &amp;leads</source>
        <translation>Token para &amp;leads nuevos</translation>
    </message>
    <message>
        <source>Where HeavySet answers</source>
        <translation>Dónde responde HeavySet</translation>
    </message>
    <message>
        <source>Most companies use the standard endpoint.</source>
        <translation>La mayoría de las empresas usa la dirección estándar.</translation>
    </message>
    <message>
        <source>&amp;Standard (api.heavyset.tech)</source>
        <translation>&amp;Estándar (api.heavyset.tech)</translation>
    </message>
    <message>
        <source>Low-latency lookups, &amp;Oregon (U.S. West)</source>
        <translation>Búsquedas de baja latencia, &amp;Oregón (oeste de EE. UU.)</translation>
    </message>
    <message>
        <source>Low-latency lookups, &amp;Virginia (U.S. East)</source>
        <translation>Búsquedas de baja latencia, &amp;Virginia (este de EE. UU.)</translation>
    </message>
    <message>
        <source>crmSettingsId from HeavySet</source>
        <translation>crmSettingsId que le dio HeavySet</translation>
    </message>
    <message>
        <source>CRM settings id</source>
        <translation>ID de configuración del CRM</translation>
    </message>
    <message>
        <source>&amp;Advanced: a different API address (proxy or staging)</source>
        <translation>Avan&amp;zado: otra dirección de la API (proxy o pruebas)</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>Dirección de la API</translation>
    </message>
    <message>
        <source>CRM settings &amp;id</source>
        <translation>&amp;ID de configuración del CRM</translation>
    </message>
    <message>
        <source>Low-latency lookups need the crmSettingsId HeavySet gave your company.</source>
        <translation>Las búsquedas de baja latencia necesitan el crmSettingsId que HeavySet le dio a su empresa.</translation>
    </message>
    <message>
        <source>Testing the connection</source>
        <translation>Prueba de la conexión</translation>
    </message>
    <message>
        <source>The console asks HeavySet whether it accepts the token.</source>
        <translation>La consola le pregunta a HeavySet si acepta el token.</translation>
    </message>
    <message>
        <source>Test &amp;again</source>
        <translation>Probar de nue&amp;vo</translation>
    </message>
    <message>
        <source>Save &amp;without testing</source>
        <translation>Guardar &amp;sin probar</translation>
    </message>
    <message>
        <source>Keep the profile now; the console tests it when the network is back</source>
        <translation>Guardar el perfil ahora; la consola lo prueba cuando vuelva la red</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
    <message>
        <source>✔ Connected to “{label}” (page {page}).
✔ The CRM has {reasons} not-qualified reasons.

Press Finish to start, or Next to set up reminders and self-scheduling links (optional).</source>
        <translation>✔ Conectado a “{label}” (página {page}).
✔ El CRM tiene {reasons} motivos de no calificado.

Presione Finalizar para empezar, o Siguiente para configurar recordatorios y enlaces para agendar (opcional).</translation>
    </message>
    <message>
        <source>You can save the profile now without testing; the console tests it by itself as soon as the network is back.</source>
        <translation>Puede guardar el perfil ahora sin probarlo; la consola lo prueba sola en cuanto vuelva la red.</translation>
    </message>
    <message>
        <source>HeavySet rejected the token. Go Back and paste it again, or ask your admin for a new one.</source>
        <translation>HeavySet rechazó el token. Vuelva Atrás y péguelo de nuevo, o pida uno nuevo a su administrador.</translation>
    </message>
    <message>
        <source>This HeavySet account is in demo mode and cannot be used for real calls. Ask your admin to activate it.</source>
        <translation>Esta cuenta de HeavySet está en modo de demostración y no sirve para llamadas reales. Pida a su administrador que la active.</translation>
    </message>
    <message>
        <source>Saved untested: press Finish.</source>
        <translation>Guardado sin probar: presione Finalizar.</translation>
    </message>
    <message>
        <source>Set up HeavySet Console</source>
        <translation>Configurar HeavySet Console</translation>
    </message>
    <message>
        <source>Like the token, API keys never go to a file.</source>
        <translation>Igual que el token, las claves de API nunca van a un archivo.</translation>
    </message>
</context>
<context>
    <name>ShortcutOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Qué hace</translation>
    </message>
</context>
<context>
    <name>SideWindows</name>
    <message>
        <source>Reminders are off for this profile: Settings ▸ Connectors turns them on.</source>
        <translation>Los recordatorios están desactivados en este perfil: se activan en Configuración ▸ Conectores.</translation>
    </message>
    <message>
        <source>TimeZest is off for this profile: Settings ▸ Connectors turns it on.</source>
        <translation>TimeZest está desactivado en este perfil: se activa en Configuración ▸ Conectores.</translation>
    </message>
    <message>
        <source>Look the caller up first, then send the link.</source>
        <translation>Primero busque al cliente y luego envíe el enlace.</translation>
    </message>
    <message>
        <source>Finish or close the scheduling link you are sending first.</source>
        <translation>Primero termine o cierre el enlace para agendar que está enviando.</translation>
    </message>
    <message>
        <source>TimeZest is emailing the scheduling link</source>
        <translation>TimeZest está enviando por correo el enlace para agendar</translation>
    </message>
    <message>
        <source>Scheduling link made: pass it on</source>
        <translation>Enlace para agendar creado: páselo al cliente</translation>
    </message>
    <message>
        <source>No activity log in this session</source>
        <translation>No hay registro de actividad en esta sesión</translation>
    </message>
</context>
<context>
    <name>SlotView</name>
    <message>
        <source>Lead&apos;s time</source>
        <translation>Hora del lead</translation>
    </message>
    <message>
        <source>Your time</source>
        <translation>Su hora</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Libres</translation>
    </message>
    <message>
        <source>Type a day or a time to jump to its first open block: thu, 12/10, 10th, tomorrow, 3pm, thu 3. Typed times are the lead&apos;s time (this column). Page Up/Down: a day back or on; Home/End: first or last.</source>
        <translation>Escriba un día o una hora para saltar a su primer bloque libre: jue, 12/10 (mes/día), 10th, mañana, 3pm, jue 3 (o en inglés: thu, tomorrow). Las horas escritas son las del lead (esta columna). Re Pág/Av Pág: un día antes o después; Inicio/Fin: el primero o el último.</translation>
    </message>
    <message>
        <source>● current</source>
        <translation>● actual</translation>
    </message>
    <message>
        <source>⚠ DST</source>
        <translation>⚠ cambio de horario</translation>
    </message>
    <message>
        <source>full</source>
        <translation>lleno</translation>
    </message>
    <message>
        <source>{open} of {total}</source>
        <translation>{open} de {total}</translation>
    </message>
    <message>
        <source>{day}: {counts} blocks open</source>
        <translation>{day}: {counts} bloques libres</translation>
    </message>
    <message>
        <source>Jump</source>
        <translation>Salto</translation>
    </message>
    <message>
        <source>Appointment blocks</source>
        <translation>Bloques de citas</translation>
    </message>
</context>
<context>
    <name>Slots</name>
    <message>
        <source>{wall} does not exist on {date} (clocks spring forward); it is {time} {zone}</source>
        <translation>{wall} no existe el {date} (los relojes se adelantan); son las {time} {zone}</translation>
    </message>
    <message>
        <source>{wall} happens twice on {date} (clocks fall back); this is the first, {zone}</source>
        <translation>{wall} ocurre dos veces el {date} (los relojes se atrasan); esta es la primera, {zone}</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Your times are now on the 24-hour clock</source>
        <translation>Sus horas ahora están en el reloj de 24 horas</translation>
    </message>
    <message>
        <source>Your times are now on the 12-hour clock (AM/PM)</source>
        <translation>Sus horas ahora están en el reloj de 12 horas (AM/PM)</translation>
    </message>
    <message>
        <source>Your times are now in {place}</source>
        <translation>Sus horas ahora están en {place}</translation>
    </message>
    <message>
        <source>Your time: {place}</source>
        <translation>Su hora: {place}</translation>
    </message>
    <message>
        <source>Changes waiting to reach HeavySet or Apptoto (click to see them)</source>
        <translation>Cambios que esperan llegar a HeavySet o Apptoto (haga clic para verlos)</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Conectado</translation>
    </message>
    <message>
        <source>● Connected · main route</source>
        <translation>● Conectado · ruta principal</translation>
    </message>
    <message>
        <source>○ Can&apos;t reach HeavySet</source>
        <translation>○ Sin conexión con HeavySet</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>Aún sin conexión</translation>
    </message>
    <message>
        <source>⚠ {failed} refused</source>
        <translation>⚠ {failed} rechazados</translation>
    </message>
    <message>
        <source>, {pending} pending</source>
        <translation>, {pending} pendientes</translation>
    </message>
    <message>
        <source>⟳ {pending} pending</source>
        <translation>⟳ {pending} pendientes</translation>
    </message>
    <message>
        <source>✓ All sent</source>
        <translation>✓ Todo enviado</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Cambios pendientes</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>The outbox file cannot be used ({why}).</source>
        <translation>No se puede usar el archivo de la bandeja de salida ({why}).</translation>
    </message>
    <message>
        <source>Changes are kept in memory only, until you quit: do not quit while changes are waiting (the Pending changes button in the status bar).</source>
        <translation>Los cambios se guardan solo en memoria hasta que salga: no salga mientras haya cambios en espera (el botón Cambios pendientes de la barra de estado).</translation>
    </message>
    <message>
        <source>The actions of this session are kept in memory only.</source>
        <translation>Las acciones de esta sesión se guardan solo en memoria.</translation>
    </message>
    <message>
        <source>nothing in the old one could be read</source>
        <translation>no se pudo leer nada del anterior</translation>
    </message>
    <message>
        <source>the {count} line that could be read is in it</source>
        <translation>tiene {count} línea que se pudo leer</translation>
    </message>
    <message>
        <source>the {count} lines that could be read are in it</source>
        <translation>tiene las {count} líneas que se pudieron leer</translation>
    </message>
    <message>
        <source>The activity log was damaged. It was kept as {aside} and a new one started: {kept}.</source>
        <translation>El registro de actividad estaba dañado. Se guardó como {aside} y se empezó uno nuevo: {kept}.</translation>
    </message>
    <message>
        <source>{count} line could not be read</source>
        <translation>{count} línea no se pudo leer</translation>
    </message>
    <message>
        <source>{count} lines could not be read</source>
        <translation>{count} líneas no se pudieron leer</translation>
    </message>
    <message>
        <source>The activity log was damaged. It was kept as {aside} and a new one started: {kept}; {lost}.</source>
        <translation>El registro de actividad estaba dañado. Se guardó como {aside} y se empezó uno nuevo: {kept}; {lost}.</translation>
    </message>
    <message>
        <source>The activity log could not be opened ({error}).</source>
        <translation>No se pudo abrir el registro de actividad ({error}).</translation>
    </message>
    <message>
        <source>The activity log folder could not be created ({error}).</source>
        <translation>No se pudo crear la carpeta del registro de actividad ({error}).</translation>
    </message>
    <message>
        <source>The activity log is damaged and could not be set aside ({error}).</source>
        <translation>El registro de actividad está dañado y no se pudo apartar ({error}).</translation>
    </message>
    <message>
        <source>The activity log was written by a newer HeavySet Console (format {version}; this one reads format {readable}). It is left untouched.</source>
        <translation>El registro de actividad lo escribió una versión más reciente de HeavySet Console (formato {version}; esta lee el formato {readable}). Se deja intacto.</translation>
    </message>
    <message>
        <source>{cause}: the last {count} action is kept in memory for the activity log until {until}.</source>
        <translation>{cause}: {count} acción reciente se guarda en memoria para el registro de actividad hasta que {until}.</translation>
    </message>
    <message>
        <source>{cause}: the last {count} actions are kept in memory for the activity log until {until}.</source>
        <translation>{cause}: las últimas {count} acciones se guardan en memoria para el registro de actividad hasta que {until}.</translation>
    </message>
    <message>
        <source>The activity log could not be read ({error}).</source>
        <translation>No se pudo leer el registro de actividad ({error}).</translation>
    </message>
    <message>
        <source>The activity log is closed.</source>
        <translation>El registro de actividad está cerrado.</translation>
    </message>
    <message>
        <source>The outbox file was damaged and nothing in it could be read. It was set aside as {aside} (for IT) and a new one started.</source>
        <translation>El archivo de la bandeja de salida estaba dañado y no se pudo leer nada de él. Se apartó como {aside} (para el área de sistemas) y se empezó uno nuevo.</translation>
    </message>
    <message>
        <source>{count} entry in it could not be read: if you changed leads recently, check that your changes are there.</source>
        <translation>{count} entrada de ese archivo no se pudo leer: si cambió leads hace poco, verifique que sus cambios estén ahí.</translation>
    </message>
    <message>
        <source>{count} entries in it could not be read: if you changed leads recently, check that your changes are there.</source>
        <translation>{count} entradas de ese archivo no se pudieron leer: si cambió leads hace poco, verifique que sus cambios estén ahí.</translation>
    </message>
    <message>
        <source>The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} entry that could be read.</source>
        <translation>El archivo de la bandeja de salida estaba dañado. Se apartó como {aside} y se empezó uno nuevo con {count} entrada que se pudo leer.</translation>
    </message>
    <message>
        <source>The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} entries that could be read.</source>
        <translation>El archivo de la bandeja de salida estaba dañado. Se apartó como {aside} y se empezó uno nuevo con las {count} entradas que se pudieron leer.</translation>
    </message>
    <message>
        <source>The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} entry that could be read: {waiting}.</source>
        <translation>El archivo de la bandeja de salida estaba dañado. Se apartó como {aside} y se empezó uno nuevo con {count} entrada que se pudo leer: {waiting}.</translation>
    </message>
    <message>
        <source>The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} entries that could be read: {waiting}.</source>
        <translation>El archivo de la bandeja de salida estaba dañado. Se apartó como {aside} y se empezó uno nuevo con las {count} entradas que se pudieron leer: {waiting}.</translation>
    </message>
    <message>
        <source>The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} entry that could be read: {waiting}, and {refused}.</source>
        <translation>El archivo de la bandeja de salida estaba dañado. Se apartó como {aside} y se empezó uno nuevo con {count} entrada que se pudo leer: {waiting} y {refused}.</translation>
    </message>
    <message>
        <source>The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} entries that could be read: {waiting}, and {refused}.</source>
        <translation>El archivo de la bandeja de salida estaba dañado. Se apartó como {aside} y se empezó uno nuevo con las {count} entradas que se pudieron leer: {waiting} y {refused}.</translation>
    </message>
    <message>
        <source>{count} change waiting to be sent goes out as usual</source>
        <translation>{count} cambio en espera de envío sale como de costumbre</translation>
    </message>
    <message>
        <source>{count} changes waiting to be sent go out as usual</source>
        <translation>{count} cambios en espera de envío salen como de costumbre</translation>
    </message>
    <message>
        <source>{count} refused one is in Pending changes</source>
        <translation>{count} rechazado está en Cambios pendientes</translation>
    </message>
    <message>
        <source>{count} refused ones are in Pending changes</source>
        <translation>{count} rechazados están en Cambios pendientes</translation>
    </message>
    <message>
        <source>{count} entry could not be read: if you changed leads recently, check that your changes are there.</source>
        <translation>{count} entrada no se pudo leer: si cambió leads hace poco, verifique que sus cambios estén ahí.</translation>
    </message>
    <message>
        <source>{count} entries could not be read: if you changed leads recently, check that your changes are there.</source>
        <translation>{count} entradas no se pudieron leer: si cambió leads hace poco, verifique que sus cambios estén ahí.</translation>
    </message>
    <message>
        <source>The outbox was written by a newer HeavySet Console (schema {version}); update the console.</source>
        <translation>La bandeja de salida la escribió una versión más reciente de HeavySet Console (esquema {version}); actualice la consola.</translation>
    </message>
    <message>
        <source>{cause}: {count} change not sent yet is kept in memory only until {until}. Do not quit the console.</source>
        <translation>{cause}: {count} cambio aún no enviado se guarda solo en memoria hasta que {until}. No salga de la consola.</translation>
    </message>
    <message>
        <source>{cause}: {count} changes not sent yet are kept in memory only until {until}. Do not quit the console.</source>
        <translation>{cause}: {count} cambios aún no enviados se guardan solo en memoria hasta que {until}. No salga de la consola.</translation>
    </message>
    <message>
        <source>{cause}: new changes are kept in memory, and sent as usual, until {until}.</source>
        <translation>{cause}: los cambios nuevos se guardan en memoria, y se envían como de costumbre, hasta que {until}.</translation>
    </message>
    <message>
        <source>{count} older change in the outbox waits to be sent until then.</source>
        <translation>{count} cambio anterior en la bandeja de salida espera hasta entonces para enviarse.</translation>
    </message>
    <message>
        <source>{count} older changes in the outbox wait to be sent until then.</source>
        <translation>{count} cambios anteriores en la bandeja de salida esperan hasta entonces para enviarse.</translation>
    </message>
    <message>
        <source>The disk is full</source>
        <translation>El disco está lleno</translation>
    </message>
    <message>
        <source>it has room</source>
        <translation>haya espacio</translation>
    </message>
    <message>
        <source>The outbox file is in use by another program</source>
        <translation>El archivo de la bandeja de salida está en uso por otro programa</translation>
    </message>
    <message>
        <source>The activity log is in use by another program</source>
        <translation>El registro de actividad está en uso por otro programa</translation>
    </message>
    <message>
        <source>it is free</source>
        <translation>quede libre</translation>
    </message>
    <message>
        <source>The outbox file cannot be written (its folder is read-only)</source>
        <translation>No se puede escribir en el archivo de la bandeja de salida (su carpeta es de solo lectura)</translation>
    </message>
    <message>
        <source>The activity log cannot be written (its folder is read-only)</source>
        <translation>No se puede escribir en el registro de actividad (su carpeta es de solo lectura)</translation>
    </message>
    <message>
        <source>it can be written</source>
        <translation>se pueda escribir</translation>
    </message>
    <message>
        <source>The outbox file is damaged</source>
        <translation>El archivo de la bandeja de salida está dañado</translation>
    </message>
    <message>
        <source>The activity log is damaged</source>
        <translation>El registro de actividad está dañado</translation>
    </message>
    <message>
        <source>it is repaired</source>
        <translation>se repare</translation>
    </message>
    <message>
        <source>The disk could not write the outbox file</source>
        <translation>El disco no pudo escribir el archivo de la bandeja de salida</translation>
    </message>
    <message>
        <source>The disk could not write the activity log</source>
        <translation>El disco no pudo escribir el registro de actividad</translation>
    </message>
    <message>
        <source>it can</source>
        <translation>se pueda</translation>
    </message>
    <message>
        <source>a profile with unreadable characters</source>
        <translation>un perfil con caracteres ilegibles</translation>
    </message>
    <message>
        <source>the connectors of profile “{name}”</source>
        <translation>los conectores del perfil “{name}”</translation>
    </message>
    <message>
        <source>profile “{name}”</source>
        <translation>el perfil “{name}”</translation>
    </message>
    <message>
        <source>a profile</source>
        <translation>un perfil</translation>
    </message>
    <message>
        <source>the profile last used</source>
        <translation>el último perfil usado</translation>
    </message>
    <message>
        <source>the region</source>
        <translation>la región</translation>
    </message>
    <message>
        <source>the number of days of blocks</source>
        <translation>la cantidad de días de bloques</translation>
    </message>
    <message>
        <source>the window&apos;s size and place</source>
        <translation>el tamaño y la posición de la ventana</translation>
    </message>
    <message>
        <source>the panes&apos; sizes</source>
        <translation>el tamaño de los paneles</translation>
    </message>
    <message>
        <source>your time zone</source>
        <translation>su zona horaria</translation>
    </message>
    <message>
        <source>the console&apos;s language</source>
        <translation>el idioma de la consola</translation>
    </message>
    <message>
        <source>it holds bytes that are not text</source>
        <translation>contiene bytes que no son texto</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>está vacío</translation>
    </message>
    <message>
        <source>it is not complete JSON</source>
        <translation>no es un JSON completo</translation>
    </message>
    <message>
        <source>some of its values cannot be used</source>
        <translation>algunos de sus valores no se pueden usar</translation>
    </message>
    <message>
        <source>The settings file could not be read ({error}): the console starts with fresh settings for now and leaves the file as it is. Your tokens are still in the keychain.</source>
        <translation>No se pudo leer el archivo de configuración ({error}): por ahora la consola empieza con una configuración nueva y deja el archivo como está. Sus tokens siguen en el llavero.</translation>
    </message>
    <message>
        <source>The settings were saved by a newer HeavySet Console (format {version}; this one reads format {readable}).</source>
        <translation>La configuración la guardó una versión más reciente de HeavySet Console (formato {version}; esta lee el formato {readable}).</translation>
    </message>
    <message>
        <source>The settings could not be saved ({why}): they are kept until they can be, and saved then. Do not quit the console before this message is gone.</source>
        <translation>No se pudo guardar la configuración ({why}): se conserva hasta que se pueda guardar, y se guarda entonces. No salga de la consola antes de que desaparezca este mensaje.</translation>
    </message>
    <message>
        <source>The settings file was damaged ({why}). It was kept as {aside} and the console starts with what could be read ({profiles}); your tokens are still in the keychain.</source>
        <translation>El archivo de configuración estaba dañado ({why}). Se guardó como {aside} y la consola empieza con lo que se pudo leer ({profiles}); sus tokens siguen en el llavero.</translation>
    </message>
    <message>
        <source>The settings file was damaged ({why}). It was kept as {aside} and the console starts with fresh settings; your tokens are still in the keychain.</source>
        <translation>El archivo de configuración estaba dañado ({why}). Se guardó como {aside} y la consola empieza con una configuración nueva; sus tokens siguen en el llavero.</translation>
    </message>
    <message>
        <source>The settings file was damaged ({why}). It could not be moved aside and the console starts with what could be read ({profiles}); your tokens are still in the keychain.</source>
        <translation>El archivo de configuración estaba dañado ({why}). No se pudo apartar y la consola empieza con lo que se pudo leer ({profiles}); sus tokens siguen en el llavero.</translation>
    </message>
    <message>
        <source>The settings file was damaged ({why}). It could not be moved aside and the console starts with fresh settings; your tokens are still in the keychain.</source>
        <translation>El archivo de configuración estaba dañado ({why}). No se pudo apartar y la consola empieza con una configuración nueva; sus tokens siguen en el llavero.</translation>
    </message>
    <message>
        <source>Not kept: {items}.</source>
        <translation>No se conservó: {items}.</translation>
    </message>
    <message>
        <source>{items} and {last}</source>
        <translation>{items} y {last}</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
    <message>
        <source>the settings folder is read-only</source>
        <translation>la carpeta de configuración es de solo lectura</translation>
    </message>
</context>
<context>
    <name>StorageBanner</name>
    <message>
        <source>Storage problems</source>
        <translation>Problemas de almacenamiento</translation>
    </message>
    <message>
        <source>Got it</source>
        <translation>Entendido</translation>
    </message>
    <message>
        <source>Hide these notes (a problem that is still true stays)</source>
        <translation>Ocultar estas notas (un problema que sigue vigente se queda)</translation>
    </message>
</context>
<context>
    <name>TeamReport</name>
    <message>
        <source>The period ends before it starts.</source>
        <translation>El período termina antes de empezar.</translation>
    </message>
    <message>
        <source>Links per agent</source>
        <translation>Enlaces por agente</translation>
    </message>
    <message>
        <source>Nothing to show for this period.</source>
        <translation>No hay nada que mostrar en este periodo.</translation>
    </message>
    <message>
        <source>Bar chart; the same numbers are in the table.</source>
        <translation>Gráfico de barras; los mismos números están en la tabla.</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Enlaces</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Agendados</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Por semana</translation>
    </message>
    <message>
        <source>TimeZest team report</source>
        <translation>Reporte del equipo de TimeZest</translation>
    </message>
    <message>
        <source>First day of the report</source>
        <translation>Primer día del reporte</translation>
    </message>
    <message>
        <source>Last day of the report</source>
        <translation>Último día del reporte</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>&amp;Cargar</translation>
    </message>
    <message>
        <source>Scheduling links per agent</source>
        <translation>Enlaces para agendar por agente</translation>
    </message>
    <message>
        <source>Report totals</source>
        <translation>Totales del reporte</translation>
    </message>
    <message>
        <source>A link counts for each agent it names (or who took the booking); a team&apos;s link that nobody took yet counts for the team.</source>
        <translation>Un enlace cuenta para cada agente que nombra (o para quien tomó la cita); el enlace de un equipo que nadie tomó todavía cuenta para el equipo.</translation>
    </message>
    <message>
        <source>Team report status</source>
        <translation>Estado del reporte del equipo</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Ce&amp;rrar</translation>
    </message>
    <message>
        <source>The period ends before it starts: pick a later To day.</source>
        <translation>El periodo termina antes de empezar: elija un día Hasta posterior.</translation>
    </message>
    <message>
        <source>Reading TimeZest&apos;s scheduling requests…</source>
        <translation>Leyendo las solicitudes para agendar de TimeZest…</translation>
    </message>
    <message>
        <source>Week of Monday {day}</source>
        <translation>Semana del lunes {day}</translation>
    </message>
    <message>
        <source>No scheduling links from {first} to {last}.</source>
        <translation>No hay enlaces para agendar del {first} al {last}.</translation>
    </message>
    <message>
        <source>{count} agent</source>
        <translation>{count} agente</translation>
    </message>
    <message>
        <source>{count} agents</source>
        <translation>{count} agentes</translation>
    </message>
    <message>
        <source>{count} team</source>
        <translation>{count} equipo</translation>
    </message>
    <message>
        <source>{count} teams</source>
        <translation>{count} equipos</translation>
    </message>
    <message>
        <source>{agents} and {teams}</source>
        <translation>{agents} y {teams}</translation>
    </message>
    <message>
        <source>Loaded {first} to {last}: {counted}.</source>
        <translation>Cargado del {first} al {last}: {counted}.</translation>
    </message>
    <message>
        <source>Total: {count} link from {first} to {last}, {per_week} a week over {weeks} weeks; {scheduled} scheduled{share}.</source>
        <translation>Total: {count} enlace del {first} al {last}, {per_week} por semana en {weeks} semanas; {scheduled} agendados{share}.</translation>
    </message>
    <message>
        <source>Total: {count} links from {first} to {last}, {per_week} a week over {weeks} weeks; {scheduled} scheduled{share}.</source>
        <translation>Total: {count} enlaces del {first} al {last}, {per_week} por semana en {weeks} semanas; {scheduled} agendados{share}.</translation>
    </message>
    <message>
        <source>Export the team report</source>
        <translation>Exportar el reporte del equipo</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Load the report first.</source>
        <translation>Primero cargue el reporte.</translation>
    </message>
    <message>
        <source>Export failed: {reason}. Choose another place.</source>
        <translation>No se pudo exportar: {reason}. Elija otro lugar.</translation>
    </message>
    <message>
        <source>Exported {count} row to {file}</source>
        <translation>Se exportó {count} fila a {file}</translation>
    </message>
    <message>
        <source>Exported {count} rows to {file}</source>
        <translation>Se exportaron {count} filas a {file}</translation>
    </message>
</context>
<context>
    <name>TimeZest</name>
    <message>
        <source>{service} refused: {reason}. Ask an administrator for a read/write key.</source>
        <translation>{service} lo rechazó: {reason}. Pida a un administrador una clave de lectura y escritura.</translation>
    </message>
    <message>
        <source>{service} could not read the console&apos;s search (it said: {said}). If it persists, report it.</source>
        <translation>{service} no pudo leer la búsqueda de la consola (dijo: {said}). Si se repite, repórtelo.</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>Confirmation worklist</source>
        <translation>Lista de confirmaciones</translation>
    </message>
    <message>
        <source>First day of the worklist</source>
        <translation>Primer día de la lista</translation>
    </message>
    <message>
        <source>&amp;First day</source>
        <translation>&amp;Primer día</translation>
    </message>
    <message>
        <source>Number of days in the worklist</source>
        <translation>Número de días de la lista</translation>
    </message>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>&amp;Days</source>
        <translation>&amp;Días</translation>
    </message>
    <message>
        <source>Needs &amp;attention only</source>
        <translation>Solo los que requieren &amp;atención</translation>
    </message>
    <message>
        <source>Only the homeowners to call: not coming, a new time wanted, declined, no reply</source>
        <translation>Solo los clientes a los que hay que llamar: no vienen, quieren otra hora, rechazaron, no respondieron</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Actuali&amp;zar</translation>
    </message>
    <message>
        <source>Read Apptoto again (F5)</source>
        <translation>Volver a leer Apptoto (F5)</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
    <message>
        <source>Enter or double-click looks the homeowner&apos;s phone up in the console</source>
        <translation>Enter o doble clic busca el teléfono del cliente en la consola</translation>
    </message>
    <message>
        <source>Appoi&amp;ntments</source>
        <translation>&amp;Citas</translation>
    </message>
    <message>
        <source>&amp;Look up</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Look the selected homeowner&apos;s phone up in the console (Enter)</source>
        <translation>Buscar en la consola el teléfono del cliente seleccionado (Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Selected appointment</source>
        <translation>Cita seleccionada</translation>
    </message>
    <message>
        <source>Worklist status</source>
        <translation>Estado de la lista</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source> The list shows what was loaded before.</source>
        <translation> La lista muestra lo que se cargó antes.</translation>
    </message>
    <message>
        <source>This event&apos;s phone number ({phone}) is not a valid number</source>
        <translation>El teléfono de esta cita ({phone}) no es un número válido</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Lead&apos;s time</source>
        <translation>Hora del lead</translation>
    </message>
    <message>
        <source>Homeowner</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Latest message</source>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Atención</translation>
    </message>
    <message>
        <source>This event has no phone number</source>
        <translation>Esta cita no tiene teléfono</translation>
    </message>
    <message>
        <source>appointment</source>
        <translation>cita</translation>
    </message>
    <message>
        <source>appointments</source>
        <translation>citas</translation>
    </message>
    <message>
        <source>needs</source>
        <translation>requiere</translation>
    </message>
    <message>
        <source>need</source>
        <translation>requieren</translation>
    </message>
    <message>
        <source>{total} {noun}, {attention} {verb} attention</source>
        <translation>{total} {noun}, {attention} {verb} atención</translation>
    </message>
    <message>
        <source>No phone</source>
        <translation>Sin teléfono</translation>
    </message>
    <message>
        <source>No phone: this event has no phone number</source>
        <translation>Sin teléfono: esta cita no tiene número</translation>
    </message>
    <message>
        <source>Needs attention: {why}</source>
        <translation>Requiere atención: {why}</translation>
    </message>
    <message>
        <source>Nothing to do</source>
        <translation>Nada que hacer</translation>
    </message>
    <message>
        <source>Same as your time</source>
        <translation>Igual que su hora</translation>
    </message>
    <message>
        <source>{column}: the appointment&apos;s start in your time.</source>
        <translation>{column}: el inicio de la cita en su hora.</translation>
    </message>
    <message>
        <source>{column}: the start in the lead&apos;s time zone, when it differs from yours</source>
        <translation>{column}: el inicio en la zona horaria del lead, cuando es distinta de la suya</translation>
    </message>
    <message>
        <source>{column}: the homeowner&apos;s latest message, at your time.</source>
        <translation>{column}: el último mensaje del cliente, a su hora.</translation>
    </message>
</context>
<context>
    <name>ZoneDialog</name>
    <message>
        <source>My time zone</source>
        <translation>Mi zona horaria</translation>
    </message>
    <message>
        <source>Type a city: Manila, Bogotá, Kolkata…</source>
        <translation>Escriba una ciudad: Manila, Bogotá, Kolkata…</translation>
    </message>
    <message>
        <source>Search time zones</source>
        <translation>Buscar zonas horarias</translation>
    </message>
    <message>
        <source>&amp;Find your city</source>
        <translation>&amp;Busque su ciudad</translation>
    </message>
    <message>
        <source>Your times are in this zone, and say so (“your time”, “When (Manila time)”): the calendar, the lead view, the worklist, the history and the activity log. The lead&apos;s times stay in the lead&apos;s zone.</source>
        <translation>Sus horas están en esta zona y lo indican (“su hora”, “Cuándo (hora de Manila)”): el calendario, la vista del lead, la lista de confirmaciones, el historial y el registro de actividad. Las horas del lead se quedan en la zona del lead.</translation>
    </message>
    <message>
        <source>IT has set this desk to {city} ({zone}); that is what the console uses. Your choice here is kept and used once IT&apos;s setting is removed.</source>
        <translation>El área de sistemas configuró este puesto en {city} ({zone}); eso es lo que usa la consola. Su elección aquí se guarda y se usa cuando se quite esa configuración.</translation>
    </message>
    <message>
        <source>Time zones</source>
        <translation>Zonas horarias</translation>
    </message>
    <message>
        <source>This computer&apos;s zone: {city} · {offset}</source>
        <translation>Zona de esta computadora: {city} · {offset}</translation>
    </message>
    <message>
        <source>Use this zone</source>
        <translation>Usar esta zona</translation>
    </message>
    <message>
        <source>Which time zone are you in? Times beside each lead&apos;s are shown in yours.</source>
        <translation>¿En qué zona horaria está usted? Junto a las horas de cada lead se muestran las suyas.</translation>
    </message>
    <message>
        <source>Choose my time &amp;zone…</source>
        <translation>Elegir mi &amp;zona horaria…</translation>
    </message>
    <message>
        <source>Your time zone: {place}, your choice</source>
        <translation>Su zona horaria: {place}, elegida por usted</translation>
    </message>
    <message>
        <source>Your time zone: {place}, this computer&apos;s</source>
        <translation>Su zona horaria: {place}, la de esta computadora</translation>
    </message>
</context>
<context>
    <name>Zones</name>
    <message>
        <source>{word} ({city} time)</source>
        <translation>{word} (hora de {city})</translation>
    </message>
    <message>
        <source>Your time zone: {place}, {name}. Settings ▸ My time zone changes it.</source>
        <translation>Su zona horaria: {place}, {name}. Se cambia en Configuración ▸ Mi zona horaria.</translation>
    </message>
    <message>
        <source>{word}: this computer&apos;s time</source>
        <translation>{word}: hora de esta computadora</translation>
    </message>
    <message>
        <source>Africa</source>
        <translation>África</translation>
    </message>
    <message>
        <source>America</source>
        <translation>América</translation>
    </message>
    <message>
        <source>Antarctica</source>
        <translation>Antártida</translation>
    </message>
    <message>
        <source>Asia</source>
        <translation>Asia</translation>
    </message>
    <message>
        <source>Atlantic</source>
        <translation>Atlántico</translation>
    </message>
    <message>
        <source>Australia</source>
        <translation>Australia</translation>
    </message>
    <message>
        <source>Europe</source>
        <translation>Europa</translation>
    </message>
    <message>
        <source>Indian</source>
        <translation>Índico</translation>
    </message>
    <message>
        <source>Pacific</source>
        <translation>Pacífico</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is on UTC, as servers and remote desktops usually are.</source>
        <translation>El reloj de esta computadora está en UTC, como suelen estar los servidores y los escritorios remotos.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is on {city} time, but its language and keyboard are set up for another country: it may be a remote desktop in a data center.</source>
        <translation>El reloj de esta computadora está en la hora de {city}, pero su idioma y su teclado están configurados para otro país: puede ser un escritorio remoto en un centro de datos.</translation>
    </message>
</context>
</TS>
