-- A chrono database of schema version 1 (the seed events), for upgrade tests.
BEGIN TRANSACTION;
CREATE TABLE actor (
	id INTEGER NOT NULL, 
	name TEXT NOT NULL, 
	kind VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "actor" VALUES(1,'Iran','country');
INSERT INTO "actor" VALUES(2,'Russia','country');
INSERT INTO "actor" VALUES(3,'United States','country');
INSERT INTO "actor" VALUES(4,'China','country');
INSERT INTO "actor" VALUES(5,'France','country');
INSERT INTO "actor" VALUES(6,'Germany','country');
INSERT INTO "actor" VALUES(7,'United Kingdom','country');
INSERT INTO "actor" VALUES(8,'European Union','organisation');
INSERT INTO "actor" VALUES(9,'United Nations Security Council','organisation');
INSERT INTO "actor" VALUES(10,'Donald Trump','person');
INSERT INTO "actor" VALUES(11,'Ukraine','country');
INSERT INTO "actor" VALUES(12,'Turkey','country');
INSERT INTO "actor" VALUES(13,'Syria','country');
INSERT INTO "actor" VALUES(14,'Vladimir Putin','person');
INSERT INTO "actor" VALUES(15,'Ebrahim Raisi','person');
INSERT INTO "actor" VALUES(16,'Ali Khamenei','person');
INSERT INTO "actor" VALUES(17,'Recep Tayyip Erdoğan','person');
INSERT INTO "actor" VALUES(18,'Masoud Pezeshkian','person');
INSERT INTO "actor" VALUES(19,'Hossein Amir-Abdollahian','person');
INSERT INTO "actor" VALUES(20,'Antony Blinken','person');
INSERT INTO "actor" VALUES(21,'David Lammy','person');
INSERT INTO "actor" VALUES(22,'Bashar al-Assad','person');
INSERT INTO "actor" VALUES(23,'Hay''at Tahrir al-Sham','group');
INSERT INTO "actor" VALUES(24,'Shanghai Cooperation Organisation','organisation');
INSERT INTO "actor" VALUES(25,'CNN','organisation');
INSERT INTO "actor" VALUES(26,'North Korea','country');
INSERT INTO "actor" VALUES(27,'Kamala Harris','person');
CREATE TABLE actor_name (
	"key" VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	actor_id INTEGER NOT NULL, 
	PRIMARY KEY ("key"), 
	FOREIGN KEY(actor_id) REFERENCES actor (id) ON DELETE CASCADE
);
INSERT INTO "actor_name" VALUES('iran','Iran',1);
INSERT INTO "actor_name" VALUES('islamic republic of iran','Islamic Republic of Iran',1);
INSERT INTO "actor_name" VALUES('russia','Russia',2);
INSERT INTO "actor_name" VALUES('russian federation','Russian Federation',2);
INSERT INTO "actor_name" VALUES('united states','United States',3);
INSERT INTO "actor_name" VALUES('us','US',3);
INSERT INTO "actor_name" VALUES('usa','USA',3);
INSERT INTO "actor_name" VALUES('u.s.','U.S.',3);
INSERT INTO "actor_name" VALUES('united states of america','United States of America',3);
INSERT INTO "actor_name" VALUES('china','China',4);
INSERT INTO "actor_name" VALUES('people''s republic of china','People''s Republic of China',4);
INSERT INTO "actor_name" VALUES('prc','PRC',4);
INSERT INTO "actor_name" VALUES('france','France',5);
INSERT INTO "actor_name" VALUES('french republic','French Republic',5);
INSERT INTO "actor_name" VALUES('germany','Germany',6);
INSERT INTO "actor_name" VALUES('federal republic of germany','Federal Republic of Germany',6);
INSERT INTO "actor_name" VALUES('united kingdom','United Kingdom',7);
INSERT INTO "actor_name" VALUES('uk','UK',7);
INSERT INTO "actor_name" VALUES('britain','Britain',7);
INSERT INTO "actor_name" VALUES('great britain','Great Britain',7);
INSERT INTO "actor_name" VALUES('european union','European Union',8);
INSERT INTO "actor_name" VALUES('eu','EU',8);
INSERT INTO "actor_name" VALUES('united nations security council','United Nations Security Council',9);
INSERT INTO "actor_name" VALUES('un security council','UN Security Council',9);
INSERT INTO "actor_name" VALUES('unsc','UNSC',9);
INSERT INTO "actor_name" VALUES('security council','Security Council',9);
INSERT INTO "actor_name" VALUES('donald trump','Donald Trump',10);
INSERT INTO "actor_name" VALUES('trump','Trump',10);
INSERT INTO "actor_name" VALUES('donald j. trump','Donald J. Trump',10);
INSERT INTO "actor_name" VALUES('ukraine','Ukraine',11);
INSERT INTO "actor_name" VALUES('turkey','Turkey',12);
INSERT INTO "actor_name" VALUES('türkiye','Türkiye',12);
INSERT INTO "actor_name" VALUES('republic of türkiye','Republic of Türkiye',12);
INSERT INTO "actor_name" VALUES('syria','Syria',13);
INSERT INTO "actor_name" VALUES('syrian arab republic','Syrian Arab Republic',13);
INSERT INTO "actor_name" VALUES('vladimir putin','Vladimir Putin',14);
INSERT INTO "actor_name" VALUES('putin','Putin',14);
INSERT INTO "actor_name" VALUES('vladimir vladimirovich putin','Vladimir Vladimirovich Putin',14);
INSERT INTO "actor_name" VALUES('ebrahim raisi','Ebrahim Raisi',15);
INSERT INTO "actor_name" VALUES('raisi','Raisi',15);
INSERT INTO "actor_name" VALUES('ebrahim raeisi','Ebrahim Raeisi',15);
INSERT INTO "actor_name" VALUES('ali khamenei','Ali Khamenei',16);
INSERT INTO "actor_name" VALUES('khamenei','Khamenei',16);
INSERT INTO "actor_name" VALUES('ayatollah ali khamenei','Ayatollah Ali Khamenei',16);
INSERT INTO "actor_name" VALUES('recep tayyip erdoğan','Recep Tayyip Erdoğan',17);
INSERT INTO "actor_name" VALUES('erdoğan','Erdoğan',17);
INSERT INTO "actor_name" VALUES('erdogan','Erdogan',17);
INSERT INTO "actor_name" VALUES('recep tayyip erdogan','Recep Tayyip Erdogan',17);
INSERT INTO "actor_name" VALUES('masoud pezeshkian','Masoud Pezeshkian',18);
INSERT INTO "actor_name" VALUES('pezeshkian','Pezeshkian',18);
INSERT INTO "actor_name" VALUES('massoud pezeshkian','Massoud Pezeshkian',18);
INSERT INTO "actor_name" VALUES('hossein amir-abdollahian','Hossein Amir-Abdollahian',19);
INSERT INTO "actor_name" VALUES('amir-abdollahian','Amir-Abdollahian',19);
INSERT INTO "actor_name" VALUES('antony blinken','Antony Blinken',20);
INSERT INTO "actor_name" VALUES('blinken','Blinken',20);
INSERT INTO "actor_name" VALUES('tony blinken','Tony Blinken',20);
INSERT INTO "actor_name" VALUES('david lammy','David Lammy',21);
INSERT INTO "actor_name" VALUES('lammy','Lammy',21);
INSERT INTO "actor_name" VALUES('bashar al-assad','Bashar al-Assad',22);
INSERT INTO "actor_name" VALUES('assad','Assad',22);
INSERT INTO "actor_name" VALUES('bashar assad','Bashar Assad',22);
INSERT INTO "actor_name" VALUES('hay''at tahrir al-sham','Hay''at Tahrir al-Sham',23);
INSERT INTO "actor_name" VALUES('hts','HTS',23);
INSERT INTO "actor_name" VALUES('hayat tahrir al-sham','Hayat Tahrir al-Sham',23);
INSERT INTO "actor_name" VALUES('shanghai cooperation organisation','Shanghai Cooperation Organisation',24);
INSERT INTO "actor_name" VALUES('sco','SCO',24);
INSERT INTO "actor_name" VALUES('shanghai cooperation organization','Shanghai Cooperation Organization',24);
INSERT INTO "actor_name" VALUES('cnn','CNN',25);
INSERT INTO "actor_name" VALUES('cable news network','Cable News Network',25);
INSERT INTO "actor_name" VALUES('north korea','North Korea',26);
INSERT INTO "actor_name" VALUES('dprk','DPRK',26);
INSERT INTO "actor_name" VALUES('democratic people''s republic of korea','Democratic People''s Republic of Korea',26);
INSERT INTO "actor_name" VALUES('kamala harris','Kamala Harris',27);
INSERT INTO "actor_name" VALUES('harris','Harris',27);
CREATE TABLE event (
	pk INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	title TEXT NOT NULL, 
	description TEXT NOT NULL, 
	start VARCHAR NOT NULL, 
	"end" VARCHAR, 
	precision VARCHAR NOT NULL, 
	timezone VARCHAR, 
	approximate BOOLEAN NOT NULL, 
	uncertain BOOLEAN NOT NULL, 
	location VARCHAR, 
	status VARCHAR NOT NULL, 
	span_start BIGINT NOT NULL, 
	span_end BIGINT NOT NULL, 
	created VARCHAR NOT NULL, 
	updated VARCHAR NOT NULL, 
	revision INTEGER NOT NULL, 
	digest VARCHAR NOT NULL, 
	PRIMARY KEY (pk), 
	UNIQUE (id)
);
INSERT INTO "event" VALUES(1,'jcpoa-agreed','Iran nuclear deal (JCPOA) agreed in Vienna','Iran and the P5+1 (China, France, Germany, Russia, the United Kingdom and the United States),
together with the European Union, agreed the Joint Comprehensive Plan of Action, limiting
Iran''s nuclear programme in exchange for the lifting of nuclear-related sanctions.','2015-07-14',NULL,'day',NULL,0,0,'Vienna, Austria','confirmed',20150714000000,20150715000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'b39a5d255d4a1ea53ee66754cb3100f1e9462b44');
INSERT INTO "event" VALUES(2,'unsc-resolution-2231-adopted','UN Security Council endorses the JCPOA in Resolution 2231','The Security Council unanimously adopted Resolution 2231, endorsing the JCPOA, providing for
the termination of earlier UN sanctions on Iran and setting out the "snapback" procedure by
which they could be restored. Its Termination Day was set ten years after Adoption Day.','2015-07-20',NULL,'day',NULL,0,0,'United Nations Headquarters, New York, United States','confirmed',20150720000000,20150721000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'612cf1c2f6e31af4f4820298b7b3ff2b9ac29016');
INSERT INTO "event" VALUES(3,'us-withdraws-from-jcpoa','United States withdraws from the JCPOA','President Donald Trump announced that the United States was leaving the nuclear deal and
would reimpose US sanctions on Iran.','2018-05-08',NULL,'day',NULL,0,0,'Washington, D.C., United States','confirmed',20180508000000,20180509000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'8b3daffec227afa29ec92edb71ed563328aab605');
INSERT INTO "event" VALUES(4,'e3-trigger-snapback','France, Germany and the UK trigger the UN sanctions snapback on Iran','The three European parties to the JCPOA (the "E3") notified the Security Council of what they
called Iran''s significant non-performance of its commitments, starting the 30-day process
under Resolution 2231 for restoring the UN sanctions lifted in 2015.','2025-08-28',NULL,'day',NULL,0,0,NULL,'confirmed',20250828000000,20250829000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'a835ddf917086ea3941b0b1f16624a06a0758e0f');
INSERT INTO "event" VALUES(5,'un-sanctions-on-iran-reimposed','UN sanctions on Iran reimposed under the snapback','After the Security Council failed to adopt resolutions that would have continued sanctions
relief or delayed the snapback, the UN sanctions suspended in 2015 were re-applied at 8 p.m.
Eastern Daylight Time on 27 September 2025 (00:00 GMT on 28 September). Russia and China
rejected the move as unlawful.','2025-09-27T20:00-04:00',NULL,'minute','America/New_York',0,0,'United Nations Headquarters, New York, United States','confirmed',20250927200000,20250927200100,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'505989374a14b6f8cee4617d0a07ffbb6c9b28ba');
INSERT INTO "event" VALUES(6,'jcpoa-termination-day','JCPOA Termination Day under Resolution 2231','Termination Day of Resolution 2231, ten years after the JCPOA''s Adoption Day (18 October 2015),
when the resolution''s provisions, including the snapback mechanism, were due to end, making it
the deadline by which UN sanctions could be snapped back. Because the E3 had already restored
the sanctions in September 2025, the date is contested: Iran, Russia and China declared in a
letter to the UN Secretary-General that Resolution 2231 had terminated, while the E3 and the
United States treated the restored sanctions as in force.','2025-10-18',NULL,'day',NULL,0,0,NULL,'confirmed',20251018000000,20251019000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'657780ed5351b7855d1ed1c7b5eb6f51ee6d705c');
INSERT INTO "event" VALUES(7,'putin-visits-tehran','Putin visits Tehran','Vladimir Putin visited Tehran for a summit with Iranian President Ebrahim Raisi and Turkish
President Recep Tayyip Erdoğan and met Supreme Leader Ali Khamenei. It was his first trip
outside the former Soviet Union since the invasion of Ukraine five months earlier.','2022-07-19',NULL,'day',NULL,0,0,'Tehran, Iran','confirmed',20220719000000,20220720000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'fcc9bcba05b745a43e4df3a3bbc78c5c7c91c27b');
INSERT INTO "event" VALUES(8,'russia-iran-shahed-production-deal','Russia and Iran agree to make Shahed drones in Russia (Tatarstan)','Russian and Iranian officials reportedly finalised a deal at a meeting in Iran in early
November 2022 for Russia to manufacture Iranian-designed Shahed attack drones itself, as the
Washington Post reported on 19 November 2022 citing US and other Western officials; neither
government confirmed it. Production was later set up at the Alabuga special economic zone
in Tatarstan, where the drones are built as "Geran-2". Month precision, approximate: the
only date reported is "early November".','2022-11',NULL,'month',NULL,1,0,NULL,'confirmed',20221101000000,20221201000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'0f494e10f706d2a3bf8651c0813b7095d8b1e96c');
INSERT INTO "event" VALUES(9,'iran-joins-sco','Iran becomes a full member of the Shanghai Cooperation Organisation','Iran was admitted as a full member of the Shanghai Cooperation Organisation, of which Russia
is a founding member, at the organisation''s virtual summit chaired by India.','2023-07-04',NULL,'day',NULL,0,0,'Online summit chaired by India','confirmed',20230704000000,20230705000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'4115ed1b6324b0d1727de3dad9e2841177819e2d');
INSERT INTO "event" VALUES(10,'raisi-killed-in-helicopter-crash','Iranian President Ebrahim Raisi killed in helicopter crash','A helicopter carrying President Ebrahim Raisi, Foreign Minister Hossein Amir-Abdollahian and
others crashed in fog in north-western Iran, killing all on board. The wreckage was found and
the deaths announced the next day (20 May); the date here is that of the crash.','2024-05-19',NULL,'day',NULL,0,0,'near Uzi, Varzaqan County, East Azerbaijan, Iran','confirmed',20240519000000,20240520000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'743815ec8211ffd3a7a71e3952553da15e8d8448');
INSERT INTO "event" VALUES(11,'pezeshkian-inaugurated','Masoud Pezeshkian sworn in as President of Iran','Masoud Pezeshkian, who won the snap presidential election held after Raisi''s death, took the
oath of office before Iran''s parliament, two days after his formal endorsement by Supreme
Leader Ali Khamenei.','2024-07-30',NULL,'day',NULL,0,0,'Tehran, Iran','confirmed',20240730000000,20240731000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'4a2146bd2a2197b320ec2b3b78f2498efad5b07d');
INSERT INTO "event" VALUES(12,'us-says-iran-sent-ballistic-missiles-to-russia','US says Iran has sent ballistic missiles to Russia','At a press conference in London with UK Foreign Secretary David Lammy, US Secretary of State
Antony Blinken said Russia had received shipments of Iranian Fath-360 close-range ballistic
missiles and would likely use them in Ukraine within weeks, and announced new sanctions on
Iran, including on Iran Air. Iran denied sending the missiles.','2024-09-10',NULL,'day',NULL,0,0,'London, United Kingdom','confirmed',20240910000000,20240911000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'6b885dd6cb484ab0195ee009bfc5b1ad03e601b1');
INSERT INTO "event" VALUES(13,'cnn-alabuga-drone-factory-investigation','CNN investigation of the Alabuga Shahed drone factory in Tatarstan','A CNN investigation published in December 2024 found that the factory in Tatarstan making
Iranian-designed Shahed drones had more than doubled its production rate in 2024. Month
precision: the seed article says only "in December".','2024-12',NULL,'month',NULL,0,0,'Alabuga special economic zone, Yelabuga, Tatarstan, Russia','confirmed',20241201000000,20250101000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'5dc0a9f356b33e2182e0364a378c04081a226a0b');
INSERT INTO "event" VALUES(14,'fall-of-assad','Fall of the Assad regime in Syria','Opposition forces led by Hay''at Tahrir al-Sham took Damascus, ending the rule of Bashar
al-Assad, who fled to Russia and was granted asylum. The loss of Syria was a major setback
for both Russia and Iran, his main backers.','2024-12-08',NULL,'day',NULL,0,0,'Damascus, Syria','confirmed',20241208000000,20241209000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'79538554c9a9027b7587a83b82630e20834de3b0');
INSERT INTO "event" VALUES(15,'russia-iran-strategic-partnership-treaty','Russia and Iran sign a comprehensive strategic partnership treaty','During a state visit to Moscow, Masoud Pezeshkian and Vladimir Putin signed a 20-year Treaty
on Comprehensive Strategic Partnership covering trade, energy, security and military
cooperation. Each side pledges not to help an aggressor that attacks the other, but the
treaty has no mutual-defence clause. The seed article, published just before, reported the
signing as expected three days before Donald Trump''s inauguration.','2025-01-17',NULL,'day',NULL,0,0,'Moscow, Russia','confirmed',20250117000000,20250118000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'dfdf1af99efc0eb95a00a1b640aa522b8ef71947');
INSERT INTO "event" VALUES(16,'russia-invades-ukraine','Russia launches its full-scale invasion of Ukraine','Russian forces invaded Ukraine from Russia, Belarus and occupied Crimea after Vladimir Putin
announced a "special military operation", the start of the largest war in Europe since 1945.','2022-02-24',NULL,'day',NULL,0,0,'Ukraine','confirmed',20220224000000,20220225000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'a4f5a6004f84a5c72c49bbc967f88ef8c53e3bfb');
INSERT INTO "event" VALUES(17,'russia-withdraws-from-kyiv-region','Russian forces withdraw from the Kyiv region','After failing to take Kyiv, Russia announced on 29 March 2022 that it would drastically scale
back operations around Kyiv and Chernihiv, and its troops pulled back north; on 2 April
Ukrainian officials declared the whole Kyiv region back under Ukrainian control. The interval
runs from that announcement to that declaration; it is marked approximate because the
pull-back itself had no single start or end day (rearguard movements were reported a few days
either side, and the wider northern campaign is usually dated as ending on 8 April).','2022-03-29','2022-04-02','day',NULL,1,0,'Kyiv Oblast, Ukraine','confirmed',20220329000000,20220403000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'148964546d0e39b7a57065f79654ca47fb14770f');
INSERT INTO "event" VALUES(18,'first-shahed-downed-in-ukraine','Ukraine reports first Iranian-designed Shahed-136 drone downed','Ukraine''s defence ministry said its forces had destroyed an Iranian-made Shahed-136 attack
drone (marked "Geran-2" by Russia) near Kupiansk, the first public evidence of Iranian drones
in Russian use. The date is that of the Ukrainian announcement.','2022-09-13',NULL,'day',NULL,0,0,'Kupiansk, Kharkiv Oblast, Ukraine','confirmed',20220913000000,20220914000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'5bd99c6e714c2394cf28468bee1e1ad36add5962');
INSERT INTO "event" VALUES(19,'kharkiv-counteroffensive','Ukraine''s Kharkiv counter-offensive','Ukrainian forces broke through Russian lines in Kharkiv Oblast on 6 September 2022, retaking
Balakliia, Kupiansk and Izium within days and most of the oblast west of the Oskil river by
mid-September. The interval follows the usual dating of the operation, which ends with the
recapture of Lyman (Donetsk Oblast) at the start of October.','2022-09-06','2022-10-02','day',NULL,0,0,'Kharkiv Oblast, Ukraine','confirmed',20220906000000,20221003000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'a544888d19bad7cfc2b168aa7b0923f133a45b9a');
INSERT INTO "event" VALUES(20,'kherson-liberated','Ukrainian forces retake Kherson','Ukrainian troops entered the city of Kherson after Russia, which had announced its
withdrawal on 9 November, completed its retreat to the left bank of the Dnipro. This event
is the liberation of the city, the culmination of the southern (Kherson) counter-offensive
that Ukraine had launched in late August 2022.','2022-11-11',NULL,'day',NULL,0,0,'Kherson, Ukraine','confirmed',20221111000000,20221112000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'ee59936ca3235dc3d1a24229927bec12a326f8a9');
INSERT INTO "event" VALUES(21,'russia-drone-launches-2023','Russia launches over 2,500 drones at Ukraine in 2023','Over the whole of 2023 Russia launched more than 2,500 long-range attack drones, largely
Iranian-designed Shaheds, at Ukraine, according to a CNN count cited by the seed article
(which calls the 2023 figure an estimate). A yearly total, so year precision.','2023',NULL,'year',NULL,0,0,'Ukraine','confirmed',20230101000000,20240101000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'71cc5bd73599c166764e2db54e292686cbf522e7');
INSERT INTO "event" VALUES(22,'russia-drone-launches-2024','Russia launches over 11,000 drones at Ukraine in 2024','Over the whole of 2024 Russia launched more than 11,000 long-range attack drones at Ukraine,
more than four times the 2023 figure, according to a CNN count cited by the seed article
("last year" in a report from January 2025). The drones were used in swarms against cities
and energy infrastructure. A yearly total, so year precision.','2024',NULL,'year',NULL,0,0,'Ukraine','confirmed',20240101000000,20250101000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'3e7caaf7958e7ffb5dbca6f0236acc639162356a');
INSERT INTO "event" VALUES(23,'north-korean-troops-in-kursk','North Korean troops deployed to Russia''s Kursk region','North Korean soldiers, estimated at about 11,000, were sent to Russia and moved to the Kursk
region, where Ukrainian forces had held ground since August 2024. South Korean and US
officials reported their arrival from mid- to late October 2024 and their entry into combat
in November, so the arrival is given as the interval October–November 2024; no single day
is known.','2024-10','2024-11','month',NULL,0,0,'Kursk Oblast, Russia','confirmed',20241001000000,20241201000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'c0a55fd198d12553bdfcedb0efafc8963ac7bd63');
INSERT INTO "event" VALUES(24,'trump-wins-2024-election','Donald Trump wins the 2024 US presidential election','Donald Trump defeated Vice President Kamala Harris on Election Day, 5 November 2024; major
news organisations projected his win in the early hours of 6 November.','2024-11-05',NULL,'day',NULL,0,0,'United States','confirmed',20241105000000,20241106000000,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'d546c84413774b3810b01b740ba062d29dc1a140');
INSERT INTO "event" VALUES(25,'trump-second-inauguration','Donald Trump inaugurated as the 47th President of the United States','Donald Trump was sworn in for a second term. The ceremony was moved indoors to the Capitol
Rotunda because of extreme cold. The time given is noon Eastern Time, when the presidential
term begins under the Twentieth Amendment.','2025-01-20T12:00-05:00',NULL,'minute','America/New_York',0,0,'Capitol Rotunda, Washington, D.C., United States','confirmed',20250120120000,20250120120100,'2026-11-26T22:31:36Z','2026-11-26T22:31:36Z',1,'0d3268ccd783e9f439b2e948a773d0f2067be575');
CREATE TABLE event_actor (
	event_pk INTEGER NOT NULL, 
	actor_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	role VARCHAR, 
	span_start BIGINT NOT NULL, 
	span_end BIGINT NOT NULL, 
	PRIMARY KEY (event_pk, actor_id), 
	FOREIGN KEY(event_pk) REFERENCES event (pk) ON DELETE CASCADE, 
	FOREIGN KEY(actor_id) REFERENCES actor (id) ON DELETE CASCADE
);
INSERT INTO "event_actor" VALUES(1,1,0,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,4,1,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,5,2,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,6,3,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,2,4,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,7,5,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,3,6,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(1,8,7,NULL,20150714000000,20150715000000);
INSERT INTO "event_actor" VALUES(2,9,0,NULL,20150720000000,20150721000000);
INSERT INTO "event_actor" VALUES(2,1,1,NULL,20150720000000,20150721000000);
INSERT INTO "event_actor" VALUES(3,10,0,'announced withdrawal',20180508000000,20180509000000);
INSERT INTO "event_actor" VALUES(3,3,1,NULL,20180508000000,20180509000000);
INSERT INTO "event_actor" VALUES(3,1,2,NULL,20180508000000,20180509000000);
INSERT INTO "event_actor" VALUES(4,5,0,NULL,20250828000000,20250829000000);
INSERT INTO "event_actor" VALUES(4,6,1,NULL,20250828000000,20250829000000);
INSERT INTO "event_actor" VALUES(4,7,2,NULL,20250828000000,20250829000000);
INSERT INTO "event_actor" VALUES(4,9,3,NULL,20250828000000,20250829000000);
INSERT INTO "event_actor" VALUES(4,1,4,NULL,20250828000000,20250829000000);
INSERT INTO "event_actor" VALUES(5,9,0,NULL,20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(5,1,1,NULL,20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(5,5,2,NULL,20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(5,6,3,NULL,20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(5,7,4,NULL,20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(5,2,5,'opposed',20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(5,4,6,'opposed',20250927200000,20250927200100);
INSERT INTO "event_actor" VALUES(6,1,0,NULL,20251018000000,20251019000000);
INSERT INTO "event_actor" VALUES(6,2,1,NULL,20251018000000,20251019000000);
INSERT INTO "event_actor" VALUES(6,4,2,NULL,20251018000000,20251019000000);
INSERT INTO "event_actor" VALUES(6,9,3,NULL,20251018000000,20251019000000);
INSERT INTO "event_actor" VALUES(7,14,0,NULL,20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(7,15,1,'host',20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(7,16,2,NULL,20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(7,17,3,NULL,20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(7,2,4,NULL,20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(7,1,5,NULL,20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(7,12,6,NULL,20220719000000,20220720000000);
INSERT INTO "event_actor" VALUES(8,2,0,NULL,20221101000000,20221201000000);
INSERT INTO "event_actor" VALUES(8,1,1,NULL,20221101000000,20221201000000);
INSERT INTO "event_actor" VALUES(9,1,0,NULL,20230704000000,20230705000000);
INSERT INTO "event_actor" VALUES(9,2,1,NULL,20230704000000,20230705000000);
INSERT INTO "event_actor" VALUES(9,24,2,NULL,20230704000000,20230705000000);
INSERT INTO "event_actor" VALUES(10,15,0,NULL,20240519000000,20240520000000);
INSERT INTO "event_actor" VALUES(10,19,1,NULL,20240519000000,20240520000000);
INSERT INTO "event_actor" VALUES(10,1,2,NULL,20240519000000,20240520000000);
INSERT INTO "event_actor" VALUES(11,18,0,NULL,20240730000000,20240731000000);
INSERT INTO "event_actor" VALUES(11,16,1,NULL,20240730000000,20240731000000);
INSERT INTO "event_actor" VALUES(11,1,2,NULL,20240730000000,20240731000000);
INSERT INTO "event_actor" VALUES(12,20,0,'announced',20240910000000,20240911000000);
INSERT INTO "event_actor" VALUES(12,21,1,NULL,20240910000000,20240911000000);
INSERT INTO "event_actor" VALUES(12,3,2,NULL,20240910000000,20240911000000);
INSERT INTO "event_actor" VALUES(12,1,3,NULL,20240910000000,20240911000000);
INSERT INTO "event_actor" VALUES(12,2,4,NULL,20240910000000,20240911000000);
INSERT INTO "event_actor" VALUES(13,25,0,'investigator',20241201000000,20250101000000);
INSERT INTO "event_actor" VALUES(13,2,1,NULL,20241201000000,20250101000000);
INSERT INTO "event_actor" VALUES(13,1,2,NULL,20241201000000,20250101000000);
INSERT INTO "event_actor" VALUES(14,22,0,NULL,20241208000000,20241209000000);
INSERT INTO "event_actor" VALUES(14,23,1,NULL,20241208000000,20241209000000);
INSERT INTO "event_actor" VALUES(14,13,2,NULL,20241208000000,20241209000000);
INSERT INTO "event_actor" VALUES(14,2,3,'granted Assad asylum',20241208000000,20241209000000);
INSERT INTO "event_actor" VALUES(14,1,4,NULL,20241208000000,20241209000000);
INSERT INTO "event_actor" VALUES(15,14,0,'host',20250117000000,20250118000000);
INSERT INTO "event_actor" VALUES(15,18,1,NULL,20250117000000,20250118000000);
INSERT INTO "event_actor" VALUES(15,2,2,NULL,20250117000000,20250118000000);
INSERT INTO "event_actor" VALUES(15,1,3,NULL,20250117000000,20250118000000);
INSERT INTO "event_actor" VALUES(16,2,0,NULL,20220224000000,20220225000000);
INSERT INTO "event_actor" VALUES(16,11,1,NULL,20220224000000,20220225000000);
INSERT INTO "event_actor" VALUES(16,14,2,'ordered the invasion',20220224000000,20220225000000);
INSERT INTO "event_actor" VALUES(17,2,0,NULL,20220329000000,20220403000000);
INSERT INTO "event_actor" VALUES(17,11,1,NULL,20220329000000,20220403000000);
INSERT INTO "event_actor" VALUES(18,11,0,NULL,20220913000000,20220914000000);
INSERT INTO "event_actor" VALUES(18,2,1,NULL,20220913000000,20220914000000);
INSERT INTO "event_actor" VALUES(18,1,2,NULL,20220913000000,20220914000000);
INSERT INTO "event_actor" VALUES(19,11,0,NULL,20220906000000,20221003000000);
INSERT INTO "event_actor" VALUES(19,2,1,NULL,20220906000000,20221003000000);
INSERT INTO "event_actor" VALUES(20,11,0,NULL,20221111000000,20221112000000);
INSERT INTO "event_actor" VALUES(20,2,1,NULL,20221111000000,20221112000000);
INSERT INTO "event_actor" VALUES(21,2,0,NULL,20230101000000,20240101000000);
INSERT INTO "event_actor" VALUES(21,11,1,NULL,20230101000000,20240101000000);
INSERT INTO "event_actor" VALUES(21,25,2,'counted',20230101000000,20240101000000);
INSERT INTO "event_actor" VALUES(22,2,0,NULL,20240101000000,20250101000000);
INSERT INTO "event_actor" VALUES(22,11,1,NULL,20240101000000,20250101000000);
INSERT INTO "event_actor" VALUES(22,25,2,'counted',20240101000000,20250101000000);
INSERT INTO "event_actor" VALUES(23,26,0,NULL,20241001000000,20241201000000);
INSERT INTO "event_actor" VALUES(23,2,1,NULL,20241001000000,20241201000000);
INSERT INTO "event_actor" VALUES(23,11,2,NULL,20241001000000,20241201000000);
INSERT INTO "event_actor" VALUES(24,10,0,NULL,20241105000000,20241106000000);
INSERT INTO "event_actor" VALUES(24,27,1,NULL,20241105000000,20241106000000);
INSERT INTO "event_actor" VALUES(24,3,2,NULL,20241105000000,20241106000000);
INSERT INTO "event_actor" VALUES(25,10,0,NULL,20250120120000,20250120120100);
INSERT INTO "event_actor" VALUES(25,3,1,NULL,20250120120000,20250120120100);
CREATE TABLE event_source (
	event_pk INTEGER NOT NULL, 
	source_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	quote VARCHAR, 
	PRIMARY KEY (event_pk, source_id), 
	FOREIGN KEY(event_pk) REFERENCES event (pk) ON DELETE CASCADE, 
	FOREIGN KEY(source_id) REFERENCES source (id) ON DELETE CASCADE
);
INSERT INTO "event_source" VALUES(1,1,0,NULL);
INSERT INTO "event_source" VALUES(1,2,1,'move the United States to join the nuclear deal signed in 2015');
INSERT INTO "event_source" VALUES(2,3,0,NULL);
INSERT INTO "event_source" VALUES(3,1,0,NULL);
INSERT INTO "event_source" VALUES(4,4,0,'On August 28, 2025, Britain, France and Germany (the E3) triggered the mechanism');
INSERT INTO "event_source" VALUES(5,4,0,'All UN sanctions suspended under the 2015 deal with Iran snapped back into force at 8 pm Eastern Time on September 27');
INSERT INTO "event_source" VALUES(6,3,0,NULL);
INSERT INTO "event_source" VALUES(6,4,1,'Resolution 2231 set an October 18, 2025 deadline after which many restrictions were due to expire unless a so-called "snapback" mechanism was triggered.');
INSERT INTO "event_source" VALUES(6,2,2,'Iran is faced with the possibility of reviving UN sanctions');
INSERT INTO "event_source" VALUES(7,5,0,NULL);
INSERT INTO "event_source" VALUES(7,2,1,'in July 2022, five months after his extensive march into Ukraine, Russian President Vladimir Putin traveled to Iran.');
INSERT INTO "event_source" VALUES(8,6,0,'Western officials cited by the Washington Post said Russian and Iranian officials finalized the deal during a meeting in Iran earlier this month.');
INSERT INTO "event_source" VALUES(8,7,1,NULL);
INSERT INTO "event_source" VALUES(8,2,2,'Thanks to an agreement signed after Putin, Russia is now producing thousands of Iranically designed Shahed attack drones in a factory in Tatarstan.');
INSERT INTO "event_source" VALUES(9,8,0,NULL);
INSERT INTO "event_source" VALUES(10,9,0,NULL);
INSERT INTO "event_source" VALUES(11,10,0,NULL);
INSERT INTO "event_source" VALUES(11,2,1,'The meeting between Putin and the Iranian President Masoud Pezeshkian');
INSERT INTO "event_source" VALUES(12,11,0,'Russia has now received shipments of these missiles');
INSERT INTO "event_source" VALUES(12,2,1,'also received Iranian ballistic rockets, according to the US authorities.');
INSERT INTO "event_source" VALUES(13,2,0,'An investigation by CNN in December showed that the production rates in the facility in 2024 were more than twice as high.');
INSERT INTO "event_source" VALUES(14,12,0,NULL);
INSERT INTO "event_source" VALUES(14,2,1,'afraid of Trump administration, Israel and the collapse of Assad and Hisbollah');
INSERT INTO "event_source" VALUES(15,5,0,NULL);
INSERT INTO "event_source" VALUES(15,2,1,'Russia and Iran are expected to sign a “comprehensive partnership agreement” that has been in the works for months.');
INSERT INTO "event_source" VALUES(16,13,0,NULL);
INSERT INTO "event_source" VALUES(16,2,1,'five months after his extensive march into Ukraine');
INSERT INTO "event_source" VALUES(17,14,0,NULL);
INSERT INTO "event_source" VALUES(17,15,1,NULL);
INSERT INTO "event_source" VALUES(17,2,2,'His army had lost many of her initial winnings when she was pushed back from the Kiev region');
INSERT INTO "event_source" VALUES(18,7,0,NULL);
INSERT INTO "event_source" VALUES(19,16,0,NULL);
INSERT INTO "event_source" VALUES(19,2,1,'would have to accept further losses in two successful Ukrainian counter -offensive off -offense');
INSERT INTO "event_source" VALUES(20,17,0,NULL);
INSERT INTO "event_source" VALUES(20,18,1,'Ukraine’s Armed Forces entered the city of Kherson on Nov. 11.');
INSERT INTO "event_source" VALUES(20,2,2,'would have to accept further losses in two successful Ukrainian counter -offensive off -offense');
INSERT INTO "event_source" VALUES(21,2,0,'According to a count of CNN, Russia started over 11,000 drones in Ukraine last year, while the estimates for 2023 were over 2,500.');
INSERT INTO "event_source" VALUES(22,2,0,'According to a count of CNN, Russia started over 11,000 drones in Ukraine last year, while the estimates for 2023 were over 2,500.');
INSERT INTO "event_source" VALUES(23,2,0,'North Korea, which estimated 11,000 soldiers in Russia''s Course region');
INSERT INTO "event_source" VALUES(24,19,0,NULL);
INSERT INTO "event_source" VALUES(25,20,0,NULL);
INSERT INTO "event_source" VALUES(25,2,1,'Just three days before the return of the designated US President Donald Trump into the White House');
CREATE TABLE event_tag (
	event_pk INTEGER NOT NULL, 
	tag_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (event_pk, tag_id), 
	FOREIGN KEY(event_pk) REFERENCES event (pk) ON DELETE CASCADE, 
	FOREIGN KEY(tag_id) REFERENCES tag (id) ON DELETE CASCADE
);
INSERT INTO "event_tag" VALUES(1,1,0);
INSERT INTO "event_tag" VALUES(1,2,1);
INSERT INTO "event_tag" VALUES(1,3,2);
INSERT INTO "event_tag" VALUES(1,4,3);
INSERT INTO "event_tag" VALUES(1,5,4);
INSERT INTO "event_tag" VALUES(2,1,0);
INSERT INTO "event_tag" VALUES(2,2,1);
INSERT INTO "event_tag" VALUES(2,6,2);
INSERT INTO "event_tag" VALUES(2,4,3);
INSERT INTO "event_tag" VALUES(2,5,4);
INSERT INTO "event_tag" VALUES(3,1,0);
INSERT INTO "event_tag" VALUES(3,2,1);
INSERT INTO "event_tag" VALUES(3,4,2);
INSERT INTO "event_tag" VALUES(3,5,3);
INSERT INTO "event_tag" VALUES(4,1,0);
INSERT INTO "event_tag" VALUES(4,2,1);
INSERT INTO "event_tag" VALUES(4,6,2);
INSERT INTO "event_tag" VALUES(4,4,3);
INSERT INTO "event_tag" VALUES(4,5,4);
INSERT INTO "event_tag" VALUES(5,2,0);
INSERT INTO "event_tag" VALUES(5,6,1);
INSERT INTO "event_tag" VALUES(5,4,2);
INSERT INTO "event_tag" VALUES(5,5,3);
INSERT INTO "event_tag" VALUES(6,5,0);
INSERT INTO "event_tag" VALUES(6,2,1);
INSERT INTO "event_tag" VALUES(6,6,2);
INSERT INTO "event_tag" VALUES(6,4,3);
INSERT INTO "event_tag" VALUES(7,1,0);
INSERT INTO "event_tag" VALUES(7,7,1);
INSERT INTO "event_tag" VALUES(8,8,0);
INSERT INTO "event_tag" VALUES(8,7,1);
INSERT INTO "event_tag" VALUES(9,1,0);
INSERT INTO "event_tag" VALUES(9,7,1);
INSERT INTO "event_tag" VALUES(10,9,0);
INSERT INTO "event_tag" VALUES(10,7,1);
INSERT INTO "event_tag" VALUES(11,9,0);
INSERT INTO "event_tag" VALUES(11,7,1);
INSERT INTO "event_tag" VALUES(12,10,0);
INSERT INTO "event_tag" VALUES(12,2,1);
INSERT INTO "event_tag" VALUES(12,7,2);
INSERT INTO "event_tag" VALUES(13,8,0);
INSERT INTO "event_tag" VALUES(13,11,1);
INSERT INTO "event_tag" VALUES(13,7,2);
INSERT INTO "event_tag" VALUES(14,12,0);
INSERT INTO "event_tag" VALUES(14,13,1);
INSERT INTO "event_tag" VALUES(14,7,2);
INSERT INTO "event_tag" VALUES(15,1,0);
INSERT INTO "event_tag" VALUES(15,3,1);
INSERT INTO "event_tag" VALUES(15,7,2);
INSERT INTO "event_tag" VALUES(16,12,0);
INSERT INTO "event_tag" VALUES(16,14,1);
INSERT INTO "event_tag" VALUES(17,12,0);
INSERT INTO "event_tag" VALUES(17,14,1);
INSERT INTO "event_tag" VALUES(18,8,0);
INSERT INTO "event_tag" VALUES(18,12,1);
INSERT INTO "event_tag" VALUES(18,14,2);
INSERT INTO "event_tag" VALUES(19,12,0);
INSERT INTO "event_tag" VALUES(19,15,1);
INSERT INTO "event_tag" VALUES(19,14,2);
INSERT INTO "event_tag" VALUES(20,12,0);
INSERT INTO "event_tag" VALUES(20,15,1);
INSERT INTO "event_tag" VALUES(20,14,2);
INSERT INTO "event_tag" VALUES(21,8,0);
INSERT INTO "event_tag" VALUES(21,12,1);
INSERT INTO "event_tag" VALUES(21,14,2);
INSERT INTO "event_tag" VALUES(22,8,0);
INSERT INTO "event_tag" VALUES(22,12,1);
INSERT INTO "event_tag" VALUES(22,14,2);
INSERT INTO "event_tag" VALUES(23,12,0);
INSERT INTO "event_tag" VALUES(23,16,1);
INSERT INTO "event_tag" VALUES(23,14,2);
INSERT INTO "event_tag" VALUES(24,17,0);
INSERT INTO "event_tag" VALUES(24,18,1);
INSERT INTO "event_tag" VALUES(25,19,0);
INSERT INTO "event_tag" VALUES(25,18,1);
CREATE TABLE meta (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "meta" VALUES('schema_version','1');
CREATE TABLE source (
	id INTEGER NOT NULL, 
	"key" TEXT NOT NULL, 
	url VARCHAR, 
	title VARCHAR, 
	publisher VARCHAR, 
	published VARCHAR, 
	archive_url VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
INSERT INTO "source" VALUES(1,'https://en.wikipedia.org/wiki/Joint_Comprehensive_Plan_of_Action','https://en.wikipedia.org/wiki/Joint_Comprehensive_Plan_of_Action','Joint Comprehensive Plan of Action','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(2,'Russia''s close relationships with Iran influence the Ukraine conflict2025-01',NULL,'Russia''s close relationships with Iran influence the Ukraine conflict',NULL,'2025-01',NULL);
INSERT INTO "source" VALUES(3,'https://en.wikipedia.org/wiki/United_Nations_Security_Council_Resolution_2231','https://en.wikipedia.org/wiki/United_Nations_Security_Council_Resolution_2231','United Nations Security Council Resolution 2231','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(4,'https://www.iranintl.com/en/202509285894','https://www.iranintl.com/en/202509285894','[Iran International report on the return of UN sanctions on Iran]','Iran International','2025-09-28',NULL);
INSERT INTO "source" VALUES(5,'https://en.wikipedia.org/wiki/Iran%E2%80%93Russia_relations','https://en.wikipedia.org/wiki/Iran%E2%80%93Russia_relations','Iran–Russia relations','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(6,'https://www.timesofisrael.com/tehran-agrees-to-help-moscow-manufacture-explosive-drones-in-russia-report/','https://www.timesofisrael.com/tehran-agrees-to-help-moscow-manufacture-explosive-drones-in-russia-report/','Tehran agrees to help Moscow manufacture explosive drones in Russia — report','The Times of Israel','2022-11',NULL);
INSERT INTO "source" VALUES(7,'https://en.wikipedia.org/wiki/HESA_Shahed_136','https://en.wikipedia.org/wiki/HESA_Shahed_136','HESA Shahed 136','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(8,'https://en.wikipedia.org/wiki/Shanghai_Cooperation_Organisation','https://en.wikipedia.org/wiki/Shanghai_Cooperation_Organisation','Shanghai Cooperation Organisation','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(9,'https://en.wikipedia.org/wiki/2024_Varzaqan_helicopter_crash','https://en.wikipedia.org/wiki/2024_Varzaqan_helicopter_crash','2024 Varzaqan helicopter crash','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(10,'https://en.wikipedia.org/wiki/Masoud_Pezeshkian','https://en.wikipedia.org/wiki/Masoud_Pezeshkian','Masoud Pezeshkian','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(11,'https://www.pravda.com.ua/eng/news/2024/09/10/7474364/','https://www.pravda.com.ua/eng/news/2024/09/10/7474364/','US State Secretary confirms Iran supplied ballistic missiles to Russia and says sanctions will follow – the WP','Ukrainska Pravda','2024-09-10',NULL);
INSERT INTO "source" VALUES(12,'https://en.wikipedia.org/wiki/Fall_of_the_Assad_regime','https://en.wikipedia.org/wiki/Fall_of_the_Assad_regime','Fall of the Assad regime','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(13,'https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine','https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine','Russian invasion of Ukraine','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(14,'https://en.wikipedia.org/wiki/Battle_of_Kyiv_(2022)','https://en.wikipedia.org/wiki/Battle_of_Kyiv_(2022)','Battle of Kyiv (2022)','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(15,'https://en.wikipedia.org/wiki/Northern_Ukraine_campaign','https://en.wikipedia.org/wiki/Northern_Ukraine_campaign','Northern Ukraine campaign','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(16,'https://en.wikipedia.org/wiki/2022_Kharkiv_counteroffensive','https://en.wikipedia.org/wiki/2022_Kharkiv_counteroffensive','2022 Kharkiv counteroffensive','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(17,'https://en.wikipedia.org/wiki/Liberation_of_Kherson','https://en.wikipedia.org/wiki/Liberation_of_Kherson','Liberation of Kherson','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(18,'https://kyivindependent.com/national/ukraine-war-latest-historic-day-says-zelensky-as-armed-forces-enter-kherson','https://kyivindependent.com/national/ukraine-war-latest-historic-day-says-zelensky-as-armed-forces-enter-kherson','Ukraine war latest: ‘Historic day,’ says Zelensky, as armed forces enter Kherson','The Kyiv Independent','2022-11-11',NULL);
INSERT INTO "source" VALUES(19,'https://en.wikipedia.org/wiki/2024_United_States_presidential_election','https://en.wikipedia.org/wiki/2024_United_States_presidential_election','2024 United States presidential election','Wikipedia',NULL,NULL);
INSERT INTO "source" VALUES(20,'https://en.wikipedia.org/wiki/Second_inauguration_of_Donald_Trump','https://en.wikipedia.org/wiki/Second_inauguration_of_Donald_Trump','Second inauguration of Donald Trump','Wikipedia',NULL,NULL);
CREATE TABLE tag (
	id INTEGER NOT NULL, 
	"key" TEXT NOT NULL, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
INSERT INTO "tag" VALUES(1,'diplomacy','diplomacy');
INSERT INTO "tag" VALUES(2,'sanctions','sanctions');
INSERT INTO "tag" VALUES(3,'treaty','treaty');
INSERT INTO "tag" VALUES(4,'iran','iran');
INSERT INTO "tag" VALUES(5,'nuclear','nuclear');
INSERT INTO "tag" VALUES(6,'un','un');
INSERT INTO "tag" VALUES(7,'russia-iran','russia-iran');
INSERT INTO "tag" VALUES(8,'drones','drones');
INSERT INTO "tag" VALUES(9,'leadership','leadership');
INSERT INTO "tag" VALUES(10,'missiles','missiles');
INSERT INTO "tag" VALUES(11,'investigation','investigation');
INSERT INTO "tag" VALUES(12,'war','war');
INSERT INTO "tag" VALUES(13,'syria','syria');
INSERT INTO "tag" VALUES(14,'ukraine-war','ukraine-war');
INSERT INTO "tag" VALUES(15,'counter-offensive','counter-offensive');
INSERT INTO "tag" VALUES(16,'north-korea','north-korea');
INSERT INTO "tag" VALUES(17,'elections','elections');
INSERT INTO "tag" VALUES(18,'us-politics','us-politics');
INSERT INTO "tag" VALUES(19,'inauguration','inauguration');
CREATE INDEX ix_event_status ON event (status);
CREATE INDEX ix_event_span ON event (span_start, span_end);
CREATE INDEX ix_actor_name_actor_id ON actor_name (actor_id);
CREATE INDEX ix_event_actor_actor_span ON event_actor (actor_id, span_start, span_end);
CREATE INDEX ix_event_tag_tag ON event_tag (tag_id, event_pk);
COMMIT;
