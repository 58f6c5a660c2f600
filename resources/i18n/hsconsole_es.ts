<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
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
        <translation>jue 3, 12/10, mañana, 3pm (calendario)</translation>
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
    <name>ConnectorPanel</name>
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
        <source>Send scheduling lin&amp;k…</source>
        <translation>Enviar enlace para agendar…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Leyendo…</translation>
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
        <translation>Lo que se hizo con este cliente, cuándo y quién</translation>
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
        <translation>Escriba un día o una hora para saltar a su primer bloque libre: jue, 12/10, 10th, mañana, 3pm, jue 3 (o en inglés: thu, tomorrow). Las horas escritas son las del lead (esta columna). Re Pág/Av Pág: un día antes o después; Inicio/Fin: el primero o el último.</translation>
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
    <name>StatusLine</name>
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
</TS>
