<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
    <context>
        <name>City</name>
        <message>
            <source>Abidjan</source>
            <translation>Abiyán</translation>
        </message>
        <message>
            <source>Accra</source>
            <translation>Acra</translation>
        </message>
        <message>
            <source>ACT</source>
            <translation>Sídney</translation>
        </message>
        <message>
            <source>Addis Ababa</source>
            <translation>Adís Abeba</translation>
        </message>
        <message>
            <source>Adelaide</source>
            <translation>Adelaida</translation>
        </message>
        <message>
            <source>Aden</source>
            <translation>Adén</translation>
        </message>
        <message>
            <source>Algiers</source>
            <translation>Argel</translation>
        </message>
        <message>
            <source>Amman</source>
            <translation>Ammán</translation>
        </message>
        <message>
            <source>Amsterdam</source>
            <translation>Ámsterdam</translation>
        </message>
        <message>
            <source>Anadyr</source>
            <translation>Anádyr</translation>
        </message>
        <message>
            <source>Anguilla</source>
            <translation>Anguila</translation>
        </message>
        <message>
            <source>Aqtau</source>
            <translation>Aktau</translation>
        </message>
        <message>
            <source>Aqtobe</source>
            <translation>Aktobe</translation>
        </message>
        <message>
            <source>Araguaina</source>
            <translation>Araguaína</translation>
        </message>
        <message>
            <source>Ashgabat</source>
            <translation>Asjabad</translation>
        </message>
        <message>
            <source>Ashkhabad</source>
            <translation>Asjabad</translation>
        </message>
        <message>
            <source>Asmera</source>
            <translation>Asmara</translation>
        </message>
        <message>
            <source>Astrakhan</source>
            <translation>Astracán</translation>
        </message>
        <message>
            <source>Asuncion</source>
            <translation>Asunción</translation>
        </message>
        <message>
            <source>Athens</source>
            <translation>Atenas</translation>
        </message>
        <message>
            <source>Atka</source>
            <translation>Adak</translation>
        </message>
        <message>
            <source>Baghdad</source>
            <translation>Bagdad</translation>
        </message>
        <message>
            <source>Bahia</source>
            <translation>Bahía</translation>
        </message>
        <message>
            <source>Bahia Banderas</source>
            <translation>Bahía de Banderas</translation>
        </message>
        <message>
            <source>Bahrain</source>
            <translation>Baréin</translation>
        </message>
        <message>
            <source>Baku</source>
            <translation>Bakú</translation>
        </message>
        <message>
            <source>Barnaul</source>
            <translation>Barnaúl</translation>
        </message>
        <message>
            <source>Belem</source>
            <translation>Belén</translation>
        </message>
        <message>
            <source>Belfast</source>
            <translation>Londres</translation>
        </message>
        <message>
            <source>Belgrade</source>
            <translation>Belgrado</translation>
        </message>
        <message>
            <source>Belize</source>
            <translation>Belice</translation>
        </message>
        <message>
            <source>Berlin</source>
            <translation>Berlín</translation>
        </message>
        <message>
            <source>Bermuda</source>
            <translation>Bermudas</translation>
        </message>
        <message>
            <source>Beulah</source>
            <translation>Beulah, Dakota del Norte</translation>
        </message>
        <message>
            <source>Bissau</source>
            <translation>Bisáu</translation>
        </message>
        <message>
            <source>Bogota</source>
            <translation>Bogotá</translation>
        </message>
        <message>
            <source>Brunei</source>
            <translation>Brunéi</translation>
        </message>
        <message>
            <source>Brussels</source>
            <translation>Bruselas</translation>
        </message>
        <message>
            <source>Bucharest</source>
            <translation>Bucarest</translation>
        </message>
        <message>
            <source>Busingen</source>
            <translation>Büsingen</translation>
        </message>
        <message>
            <source>Cairo</source>
            <translation>El Cairo</translation>
        </message>
        <message>
            <source>Calcutta</source>
            <translation>Calcuta</translation>
        </message>
        <message>
            <source>Canary</source>
            <translation>Canarias</translation>
        </message>
        <message>
            <source>Canberra</source>
            <translation>Sídney</translation>
        </message>
        <message>
            <source>Cancun</source>
            <translation>Cancún</translation>
        </message>
        <message>
            <source>Cape Verde</source>
            <translation>Cabo Verde</translation>
        </message>
        <message>
            <source>Cayenne</source>
            <translation>Cayena</translation>
        </message>
        <message>
            <source>Cayman</source>
            <translation>Caimán</translation>
        </message>
        <message>
            <source>Center</source>
            <translation>Center, Dakota del Norte</translation>
        </message>
        <message>
            <source>Chisinau</source>
            <translation>Chisináu</translation>
        </message>
        <message>
            <source>Chita</source>
            <translation>Chitá</translation>
        </message>
        <message>
            <source>Choibalsan</source>
            <translation>Ulán Bator</translation>
        </message>
        <message>
            <source>Chongqing</source>
            <translation>Shanghái</translation>
        </message>
        <message>
            <source>Christmas</source>
            <translation>Navidad</translation>
        </message>
        <message>
            <source>Chungking</source>
            <translation>Shanghái</translation>
        </message>
        <message>
            <source>Ciudad Juarez</source>
            <translation>Ciudad Juárez</translation>
        </message>
        <message>
            <source>ComodRivadavia</source>
            <translation>Catamarca</translation>
        </message>
        <message>
            <source>Comoro</source>
            <translation>Comoras</translation>
        </message>
        <message>
            <source>Conakry</source>
            <translation>Conakri</translation>
        </message>
        <message>
            <source>Copenhagen</source>
            <translation>Copenhague</translation>
        </message>
        <message>
            <source>Coral Harbour</source>
            <translation>Atikokan</translation>
        </message>
        <message>
            <source>Cordoba</source>
            <translation>Córdoba</translation>
        </message>
        <message>
            <source>Cuiaba</source>
            <translation>Cuiabá</translation>
        </message>
        <message>
            <source>Curacao</source>
            <translation>Curazao</translation>
        </message>
        <message>
            <source>Currie</source>
            <translation>Hobart</translation>
        </message>
        <message>
            <source>Dacca</source>
            <translation>Daca</translation>
        </message>
        <message>
            <source>Damascus</source>
            <translation>Damasco</translation>
        </message>
        <message>
            <source>Dar es Salaam</source>
            <translation>Dar es-Salam</translation>
        </message>
        <message>
            <source>Dhaka</source>
            <translation>Daca</translation>
        </message>
        <message>
            <source>Djibouti</source>
            <translation>Yibuti</translation>
        </message>
        <message>
            <source>Douala</source>
            <translation>Duala</translation>
        </message>
        <message>
            <source>Dubai</source>
            <translation>Dubái</translation>
        </message>
        <message>
            <source>Dublin</source>
            <translation>Dublín</translation>
        </message>
        <message>
            <source>DumontDUrville</source>
            <translation>Dumont-d’Urville</translation>
        </message>
        <message>
            <source>Dushanbe</source>
            <translation>Dusambé</translation>
        </message>
        <message>
            <source>Easter</source>
            <translation>Isla de Pascua</translation>
        </message>
        <message>
            <source>Eirunepe</source>
            <translation>Eirunepé</translation>
        </message>
        <message>
            <source>El Aaiun</source>
            <translation>El Aaiún</translation>
        </message>
        <message>
            <source>Enderbury</source>
            <translation>Isla Kanton</translation>
        </message>
        <message>
            <source>Ensenada</source>
            <translation>Tijuana</translation>
        </message>
        <message>
            <source>Faeroe</source>
            <translation>Islas Feroe</translation>
        </message>
        <message>
            <source>Faroe</source>
            <translation>Islas Feroe</translation>
        </message>
        <message>
            <source>Fiji</source>
            <translation>Fiyi</translation>
        </message>
        <message>
            <source>Fort Wayne</source>
            <translation>Indianápolis</translation>
        </message>
        <message>
            <source>Galapagos</source>
            <translation>Galápagos</translation>
        </message>
        <message>
            <source>Godthab</source>
            <translation>Nuuk</translation>
        </message>
        <message>
            <source>Grand Turk</source>
            <translation>Gran Turca</translation>
        </message>
        <message>
            <source>Grenada</source>
            <translation>Granada</translation>
        </message>
        <message>
            <source>Guadeloupe</source>
            <translation>Guadalupe</translation>
        </message>
        <message>
            <source>Guernsey</source>
            <translation>Guernesey</translation>
        </message>
        <message>
            <source>Harbin</source>
            <translation>Shanghái</translation>
        </message>
        <message>
            <source>Havana</source>
            <translation>La Habana</translation>
        </message>
        <message>
            <source>Hebron</source>
            <translation>Hebrón</translation>
        </message>
        <message>
            <source>Ho Chi Minh</source>
            <translation>Ciudad Ho Chi Minh</translation>
        </message>
        <message>
            <source>Honolulu</source>
            <translation>Honolulú</translation>
        </message>
        <message>
            <source>Hovd</source>
            <translation>Khovd</translation>
        </message>
        <message>
            <source>Indianapolis</source>
            <translation>Indianápolis</translation>
        </message>
        <message>
            <source>Isle of Man</source>
            <translation>Isla de Man</translation>
        </message>
        <message>
            <source>Istanbul</source>
            <translation>Estambul</translation>
        </message>
        <message>
            <source>Jakarta</source>
            <translation>Yakarta</translation>
        </message>
        <message>
            <source>Jan Mayen</source>
            <translation>Longyearbyen</translation>
        </message>
        <message>
            <source>Jerusalem</source>
            <translation>Jerusalén</translation>
        </message>
        <message>
            <source>Johannesburg</source>
            <translation>Johannesburgo</translation>
        </message>
        <message>
            <source>Johnston</source>
            <translation>Honolulú</translation>
        </message>
        <message>
            <source>Kaliningrad</source>
            <translation>Kaliningrado</translation>
        </message>
        <message>
            <source>Kanton</source>
            <translation>Isla Kanton</translation>
        </message>
        <message>
            <source>Kashgar</source>
            <translation>Ürümqi</translation>
        </message>
        <message>
            <source>Kathmandu</source>
            <translation>Katmandú</translation>
        </message>
        <message>
            <source>Katmandu</source>
            <translation>Katmandú</translation>
        </message>
        <message>
            <source>Khandyga</source>
            <translation>Khandiga</translation>
        </message>
        <message>
            <source>Khartoum</source>
            <translation>Jartum</translation>
        </message>
        <message>
            <source>Kirov</source>
            <translation>Kírov</translation>
        </message>
        <message>
            <source>Knox</source>
            <translation>Knox, Indiana</translation>
        </message>
        <message>
            <source>Knox IN</source>
            <translation>Knox, Indiana</translation>
        </message>
        <message>
            <source>Kolkata</source>
            <translation>Calcuta</translation>
        </message>
        <message>
            <source>Kyiv</source>
            <translation>Kiev</translation>
        </message>
        <message>
            <source>LHI</source>
            <translation>Lord Howe</translation>
        </message>
        <message>
            <source>Lisbon</source>
            <translation>Lisboa</translation>
        </message>
        <message>
            <source>Ljubljana</source>
            <translation>Liubliana</translation>
        </message>
        <message>
            <source>Lome</source>
            <translation>Lomé</translation>
        </message>
        <message>
            <source>London</source>
            <translation>Londres</translation>
        </message>
        <message>
            <source>Los Angeles</source>
            <translation>Los Ángeles</translation>
        </message>
        <message>
            <source>Lower Princes</source>
            <translation>Lower Prince’s Quarter</translation>
        </message>
        <message>
            <source>Luxembourg</source>
            <translation>Luxemburgo</translation>
        </message>
        <message>
            <source>Macau</source>
            <translation>Macao</translation>
        </message>
        <message>
            <source>Maceio</source>
            <translation>Maceió</translation>
        </message>
        <message>
            <source>Magadan</source>
            <translation>Magadán</translation>
        </message>
        <message>
            <source>Mahe</source>
            <translation>Mahé</translation>
        </message>
        <message>
            <source>Makassar</source>
            <translation>Makasar</translation>
        </message>
        <message>
            <source>Maldives</source>
            <translation>Maldivas</translation>
        </message>
        <message>
            <source>Manaus</source>
            <translation>Manaos</translation>
        </message>
        <message>
            <source>Marengo</source>
            <translation>Marengo, Indiana</translation>
        </message>
        <message>
            <source>Martinique</source>
            <translation>Martinica</translation>
        </message>
        <message>
            <source>Mauritius</source>
            <translation>Mauricio</translation>
        </message>
        <message>
            <source>Mazatlan</source>
            <translation>Mazatlán</translation>
        </message>
        <message>
            <source>Merida</source>
            <translation>Mérida</translation>
        </message>
        <message>
            <source>Mexico City</source>
            <translation>Ciudad de México</translation>
        </message>
        <message>
            <source>Miquelon</source>
            <translation>Miquelón</translation>
        </message>
        <message>
            <source>Mogadishu</source>
            <translation>Mogadiscio</translation>
        </message>
        <message>
            <source>Monaco</source>
            <translation>Mónaco</translation>
        </message>
        <message>
            <source>Monticello</source>
            <translation>Monticello, Kentucky</translation>
        </message>
        <message>
            <source>Montreal</source>
            <translation>Toronto</translation>
        </message>
        <message>
            <source>Moscow</source>
            <translation>Moscú</translation>
        </message>
        <message>
            <source>Muscat</source>
            <translation>Mascate</translation>
        </message>
        <message>
            <source>Ndjamena</source>
            <translation>Yamena</translation>
        </message>
        <message>
            <source>New Salem</source>
            <translation>New Salem, Dakota del Norte</translation>
        </message>
        <message>
            <source>New York</source>
            <translation>Nueva York</translation>
        </message>
        <message>
            <source>Nipigon</source>
            <translation>Toronto</translation>
        </message>
        <message>
            <source>Noronha</source>
            <translation>Fernando de Noronha</translation>
        </message>
        <message>
            <source>North</source>
            <translation>Darwin</translation>
        </message>
        <message>
            <source>Nouakchott</source>
            <translation>Nuakchot</translation>
        </message>
        <message>
            <source>Noumea</source>
            <translation>Numea</translation>
        </message>
        <message>
            <source>NSW</source>
            <translation>Sídney</translation>
        </message>
        <message>
            <source>Ouagadougou</source>
            <translation>Uagadugú</translation>
        </message>
        <message>
            <source>Palau</source>
            <translation>Palaos</translation>
        </message>
        <message>
            <source>Panama</source>
            <translation>Panamá</translation>
        </message>
        <message>
            <source>Pangnirtung</source>
            <translation>Iqaluit</translation>
        </message>
        <message>
            <source>Paris</source>
            <translation>París</translation>
        </message>
        <message>
            <source>Petersburg</source>
            <translation>Petersburg, Indiana</translation>
        </message>
        <message>
            <source>Ponape</source>
            <translation>Pohnpei</translation>
        </message>
        <message>
            <source>Port of Spain</source>
            <translation>Puerto España</translation>
        </message>
        <message>
            <source>Port-au-Prince</source>
            <translation>Puerto Príncipe</translation>
        </message>
        <message>
            <source>Porto Acre</source>
            <translation>Río Branco</translation>
        </message>
        <message>
            <source>Porto-Novo</source>
            <translation>Portonovo</translation>
        </message>
        <message>
            <source>Prague</source>
            <translation>Praga</translation>
        </message>
        <message>
            <source>Qatar</source>
            <translation>Catar</translation>
        </message>
        <message>
            <source>Qostanay</source>
            <translation>Kostanái</translation>
        </message>
        <message>
            <source>Queensland</source>
            <translation>Brisbane</translation>
        </message>
        <message>
            <source>Qyzylorda</source>
            <translation>Kyzylorda</translation>
        </message>
        <message>
            <source>Rainy River</source>
            <translation>Winnipeg</translation>
        </message>
        <message>
            <source>Rangoon</source>
            <translation>Yangón (Rangún)</translation>
        </message>
        <message>
            <source>Reunion</source>
            <translation>Reunión</translation>
        </message>
        <message>
            <source>Reykjavik</source>
            <translation>Reikiavik</translation>
        </message>
        <message>
            <source>Rio Branco</source>
            <translation>Río Branco</translation>
        </message>
        <message>
            <source>Rio Gallegos</source>
            <translation>Río Gallegos</translation>
        </message>
        <message>
            <source>Riyadh</source>
            <translation>Riad</translation>
        </message>
        <message>
            <source>Rome</source>
            <translation>Roma</translation>
        </message>
        <message>
            <source>Rosario</source>
            <translation>Córdoba</translation>
        </message>
        <message>
            <source>Saigon</source>
            <translation>Ciudad Ho Chi Minh</translation>
        </message>
        <message>
            <source>Saipan</source>
            <translation>Saipán</translation>
        </message>
        <message>
            <source>Sakhalin</source>
            <translation>Sajalín</translation>
        </message>
        <message>
            <source>Samarkand</source>
            <translation>Samarcanda</translation>
        </message>
        <message>
            <source>Samoa</source>
            <translation>Pago Pago</translation>
        </message>
        <message>
            <source>Santa Isabel</source>
            <translation>Tijuana</translation>
        </message>
        <message>
            <source>Santarem</source>
            <translation>Santarém</translation>
        </message>
        <message>
            <source>Santiago</source>
            <translation>Santiago de Chile</translation>
        </message>
        <message>
            <source>Sao Paulo</source>
            <translation>São Paulo</translation>
        </message>
        <message>
            <source>Sao Tome</source>
            <translation>Santo Tomé</translation>
        </message>
        <message>
            <source>Saratov</source>
            <translation>Sarátov</translation>
        </message>
        <message>
            <source>Scoresbysund</source>
            <translation>Ittoqqortoormiit</translation>
        </message>
        <message>
            <source>Seoul</source>
            <translation>Seúl</translation>
        </message>
        <message>
            <source>Shanghai</source>
            <translation>Shanghái</translation>
        </message>
        <message>
            <source>Shiprock</source>
            <translation>Denver</translation>
        </message>
        <message>
            <source>Simferopol</source>
            <translation>Simferópol</translation>
        </message>
        <message>
            <source>Singapore</source>
            <translation>Singapur</translation>
        </message>
        <message>
            <source>Skopje</source>
            <translation>Skopie</translation>
        </message>
        <message>
            <source>Sofia</source>
            <translation>Sofía</translation>
        </message>
        <message>
            <source>South</source>
            <translation>Adelaida</translation>
        </message>
        <message>
            <source>South Georgia</source>
            <translation>Georgia del Sur</translation>
        </message>
        <message>
            <source>South Pole</source>
            <translation>McMurdo</translation>
        </message>
        <message>
            <source>Srednekolymsk</source>
            <translation>Srednekolimsk</translation>
        </message>
        <message>
            <source>St Barthelemy</source>
            <translation>San Bartolomé</translation>
        </message>
        <message>
            <source>St Helena</source>
            <translation>Santa Elena</translation>
        </message>
        <message>
            <source>St Johns</source>
            <translation>San Juan de Terranova</translation>
        </message>
        <message>
            <source>St Kitts</source>
            <translation>San Cristóbal</translation>
        </message>
        <message>
            <source>St Lucia</source>
            <translation>Santa Lucía</translation>
        </message>
        <message>
            <source>St Thomas</source>
            <translation>St. Thomas</translation>
        </message>
        <message>
            <source>St Vincent</source>
            <translation>San Vicente</translation>
        </message>
        <message>
            <source>Stockholm</source>
            <translation>Estocolmo</translation>
        </message>
        <message>
            <source>Sydney</source>
            <translation>Sídney</translation>
        </message>
        <message>
            <source>Syowa</source>
            <translation>Showa</translation>
        </message>
        <message>
            <source>Tahiti</source>
            <translation>Tahití</translation>
        </message>
        <message>
            <source>Taipei</source>
            <translation>Taipéi</translation>
        </message>
        <message>
            <source>Tallinn</source>
            <translation>Tallin</translation>
        </message>
        <message>
            <source>Tashkent</source>
            <translation>Taskent</translation>
        </message>
        <message>
            <source>Tasmania</source>
            <translation>Hobart</translation>
        </message>
        <message>
            <source>Tbilisi</source>
            <translation>Tiflis</translation>
        </message>
        <message>
            <source>Tehran</source>
            <translation>Teherán</translation>
        </message>
        <message>
            <source>Tel Aviv</source>
            <translation>Jerusalén</translation>
        </message>
        <message>
            <source>Tell City</source>
            <translation>Tell City, Indiana</translation>
        </message>
        <message>
            <source>Thimbu</source>
            <translation>Timbu</translation>
        </message>
        <message>
            <source>Thimphu</source>
            <translation>Timbu</translation>
        </message>
        <message>
            <source>Thunder Bay</source>
            <translation>Toronto</translation>
        </message>
        <message>
            <source>Timbuktu</source>
            <translation>Bamako</translation>
        </message>
        <message>
            <source>Tirane</source>
            <translation>Tirana</translation>
        </message>
        <message>
            <source>Tiraspol</source>
            <translation>Chisináu</translation>
        </message>
        <message>
            <source>Tokyo</source>
            <translation>Tokio</translation>
        </message>
        <message>
            <source>Tortola</source>
            <translation>Tórtola</translation>
        </message>
        <message>
            <source>Tripoli</source>
            <translation>Trípoli</translation>
        </message>
        <message>
            <source>Truk</source>
            <translation>Chuuk</translation>
        </message>
        <message>
            <source>Tucuman</source>
            <translation>Tucumán</translation>
        </message>
        <message>
            <source>Tunis</source>
            <translation>Túnez</translation>
        </message>
        <message>
            <source>Ujung Pandang</source>
            <translation>Makasar</translation>
        </message>
        <message>
            <source>Ulaanbaatar</source>
            <translation>Ulán Bator</translation>
        </message>
        <message>
            <source>Ulan Bator</source>
            <translation>Ulán Bator</translation>
        </message>
        <message>
            <source>Ulyanovsk</source>
            <translation>Uliánovsk</translation>
        </message>
        <message>
            <source>Urumqi</source>
            <translation>Ürümqi</translation>
        </message>
        <message>
            <source>Uzhgorod</source>
            <translation>Kiev</translation>
        </message>
        <message>
            <source>Vatican</source>
            <translation>El Vaticano</translation>
        </message>
        <message>
            <source>Vevay</source>
            <translation>Vevay, Indiana</translation>
        </message>
        <message>
            <source>Victoria</source>
            <translation>Melbourne</translation>
        </message>
        <message>
            <source>Vienna</source>
            <translation>Viena</translation>
        </message>
        <message>
            <source>Vientiane</source>
            <translation>Vientián</translation>
        </message>
        <message>
            <source>Vilnius</source>
            <translation>Vilna</translation>
        </message>
        <message>
            <source>Vincennes</source>
            <translation>Vincennes, Indiana</translation>
        </message>
        <message>
            <source>Virgin</source>
            <translation>St. Thomas</translation>
        </message>
        <message>
            <source>Volgograd</source>
            <translation>Volgogrado</translation>
        </message>
        <message>
            <source>Wallis</source>
            <translation>Wallis &amp; Futuna</translation>
        </message>
        <message>
            <source>Warsaw</source>
            <translation>Varsovia</translation>
        </message>
        <message>
            <source>West</source>
            <translation>Perth</translation>
        </message>
        <message>
            <source>Winamac</source>
            <translation>Winamac, Indiana</translation>
        </message>
        <message>
            <source>Yancowinna</source>
            <translation>Broken Hill</translation>
        </message>
        <message>
            <source>Yangon</source>
            <translation>Yangón (Rangún)</translation>
        </message>
        <message>
            <source>Yap</source>
            <translation>Chuuk</translation>
        </message>
        <message>
            <source>Yekaterinburg</source>
            <translation>Ekaterimburgo</translation>
        </message>
        <message>
            <source>Yellowknife</source>
            <translation>Edmonton</translation>
        </message>
        <message>
            <source>Yerevan</source>
            <translation>Ereván</translation>
        </message>
        <message>
            <source>Zaporozhye</source>
            <translation>Kiev</translation>
        </message>
        <message>
            <source>Zurich</source>
            <translation>Zúrich</translation>
        </message>
    </context>
</TS>
