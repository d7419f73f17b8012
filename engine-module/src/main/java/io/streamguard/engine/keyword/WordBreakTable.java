package io.streamguard.engine.keyword;

/**
 * The Word_Break classes of {@link WordBoundary} for every code point, as runs: each run is one digit (the class)
 * and four base-36 digits (the first code point after the run). Generated from the JDK's Unicode data (JDK 25,
 * Unicode 16) by the computation in {@code WordBreakTableTest}, which checks that the table still equals it.
 * A table rather than {@code Character.UnicodeScript} and {@code Character.isIdeographic} at class load: the
 * engine compiled to JavaScript for the plugin SDK has neither, and must decide exactly as the server does.
 */
final class WordBreakTable {

    static final String RUNS =
            "0000a1000e0001c3001m0001t3002j0002n5002o0002p3003f0003p1003q0004q3004r0004t2004u00051300520005630057"
                    + "0005c3005z000603006v0006w300k8000ke300lc200og300ol000om300oo000oq300ou000ov300ow000p2300p3000p4300p7"
                    + "000p8300p9000pa300pu000pv300s6000s7300w2000w3200wa3010w0010x3011z00121301250012630127001283013d0013e"
                    + "3013f0013l2014u0014v2014w0014x2014z001502015200153201540015c30163001673016c0016o2016u001742017f0017g"
                    + "2017h0017k3018r2019c3019m0019q3019s2019t301ck001cl301cm201cu001cv201d1301d3201d5001d6201da301dp001dr"
                    + "301ds001e7201e8301e9201ea301f4201fv001fx301ie201ip301iq001j4301kb201kk301km001kq301kr001kt201ku001kw"
                    + "301li201lm301ln201lw301lx201m0301m1201m6001mo301nd201ng001nk301nv001o0301oo001op301ov001ow201oy001p3"
                    + "201pc301qi201s4301tm201tp301tq201u8301u9201ug301uq201us001uu301v4001v5301vl201vo001vp301vx001vz301w1"
                    + "001w3301wp001wq301wx001wy301wz001x2301x6001x8201x9301xa201xh001xj201xl001xn201xq301xr001xz201y0001y4"
                    + "301y6001y7301ya201yc001ye301yq001z0301z1001z2201z3001z5201z8001z9301zf001zj301zl001zn302090020a3020h"
                    + "0020i3020k0020l3020n0020o3020q0020s2020t0020u2020z0021320215002172021a0021d2021e0021l3021p0021q3021r"
                    + "0021y302282022a3022d2022e0022p2022s0022t302320023330236002373023t0023u302410024230244002453024a0024c"
                    + "2024d3024e2024m0024n2024q0024r2024u0024w3024x0025c3025e2025g0025i3025s002613026220268002692026c0026d"
                    + "3026l0026n3026p0026r3027d0027e3027l0027m3027o0027p3027u0027w2027x3027y2028500287202890028b2028e0028l"
                    + "2028o0028s3028u0028v3028y20290002923029c0029d3029e0029u2029v3029w0029x302a3002a6302a9002aa302ae002ah"
                    + "302aj002ak302al002am302ao002ar302at002aw302az002b2302be002bi202bn002bq202bt002bu202by002c0302c1002c7"
                    + "202c8002cm302cw002dc202dh302dp002dq302dt002du302eh002ei302ey002f0202f1302f2202f9002fa202fd002fe202fi"
                    + "002fp202fr002fs302fv002fx302fy002g0302g2202g4002g6302gg002gw302gx202h0002h1302h9002ha302hd002he302i1"
                    + "002i2302ic002id302ii002ik202il302im202it002iu202ix002iy202j2002j9202jb002jh302jj002jk302jm202jo002jq"
                    + "302k0002k1302k3202k4002kg202kk302kt002ku302kx002ky302m3202m5302m6202md002me202mh002mi202mm302mn002ms"
                    + "302mv202mw002n3302n6202n8002na302nk002nu302o0002o1202o4002o5302on002oq302pe002pf302po002pp302pq002ps"
                    + "302pz002q2202q3002q7202qd002qe202qf002qg202qo002qu302r4002r6202r8002sx202sy002t0202t7002tj202tr002ts"
                    + "302u2002wh202wi002wk202wt002x4202xb002xc302xm002yo302yp002zc202ze002zk302zu0030520306003072030800309"
                    + "2030a0030e2030g3030o0030p3031p0031t2032d0032e2032g3032l2032w0032x2033x00346203470036z2037j0037k3037u"
                    + "003862038a0038e2038h0038i2038l0038n2038u0038x203910039e2039q0039r2039s303a2203a6003a8303ba003bb303bc"
                    + "003bh303bi003bk303cr003cs303m1003m2303m6003m8303mf003mg303mh003mi303mm003mo303nt003nu303ny003o0303ox"
                    + "003oy303p2003p4303pb003pc303pd003pe303pi003pk303pz003q0303rl003rm303rq003rs303tn003tp203ts003uo303v4"
                    + "003vk303xy003y0303y6003y9304fh004fj304g0004g1304gr004gw304iz004j2304jd004jk304k2204k6004kf304ky204l1"
                    + "004lc304lu204lw004m8304ml004mm304mp004mq204ms004ok204pg004pp204pq004ps304q2004qz204r4304re004rk304u1"
                    + "004u8304ud204uf304vd204ve304vf004vk304xi004xs304yn004yo204z0004z4204zg004zq305000053k3053u0054w3055j"
                    + "2055o005792057j0057k2058d0058f2058g3058q0058w305960059s205an005c0205c5305dg205dx305e5005e8305ei005ez"
                    + "205f8005fk205fn305gh205gu305ie205is005j4305k4205ko005kw305l6005l9305mm005mo305mz005n4305ob005od305og"
                    + "005ow205oz005p0205pl305pp205pq305pw205px305pz205q2305q3005q8305vk205xc30652006543065a0065c3066e0066g"
                    + "3066m0066o3066w0066x3066y0066z306700067130672006733067y006803069h0069i3069p0069q3069r0069u3069x0069y"
                    + "306a5006a8306ac006ae306ak006ao306b1006b6306b9006ba306bh006bw206c0006co106cq206cv506cw006db506dd006dw"
                    + "506dx006e8206ed006ee206eo006ep306eq006f3306f4006fk306fx006hc206i9006iq306ir006iv306iw006iy306j8006j9"
                    + "306ja006jd306ji006jo306jp006jq306jr006js306jt006ju306jy006jz306ka006kc306kg006kl306kq006ku306kv006lc"
                    + "306mh00792307ai008ow308v9008vf308vj208vm308vo008w0308x2008x3308x4008x9308xa008xc308yw008z3308z4008zj"
                    + "208zk309070090g3090n0090o3090v0090w30913009143091b0091c3091j0091k3091r0091s3091z00920309270092820934"
                    + "0094f3094g009hh309hi009ii209io009ip409iu009iz309j1009ll209ln409lp009ls409ob009oc409og009ol309ps009pt"
                    + "309sf009sw309ts009v4409vk00a1c40a2n00a2o40a5400vls30wi500wk030wla00wlc30wst00wsw30wto00wu830wvj20wvn"
                    + "00wvo20wvy00wvz30wwu20www30wz420wz600wzs30x5a00x5c30x5e00x5f30x5g00x5h30x5p00x6a30x6q20x6r30x6u20x6v"
                    + "30x6z20x7030x7n20x7s00x7w20x7x00x8g30x9w00xa820xaa30xbo20xc600xcg30xcq00xcw20xde30xdk00xdn30xdo00xdp"
                    + "30xdr20xds30xeu20xf200xf430xfr20xg400xgg30xh900xhc20xhg30xir20xj500xjj30xju00xk520xk600xkg30xkq00xkw"
                    + "30xm120xmf00xmo30xmr20xms30xn020xn200xn430xne00xob20xoe00xps20xpt00xpu20xpx00xpz20xq100xq620xq800xq9"
                    + "20xqa00xr430xrf20xrk00xrm30xrp20xrr00xs130xs700xs930xsf00xsh30xsn00xsw30xt300xt430xtb00xtc30xuy00xv4"
                    + "30xyb20xyj00xyk20xym00xyo30xyy00xz4316lg016ls316mf016mj316nw01dkw31dl301dlf31dlk01dlp31dlq21dlr31dm1"
                    + "01dm231dmf01dmg31dml01dmm31dmn01dmo31dmq01dmr31dmt01dmu31dpu01dqr31e0u01e1c31e3401e3631e4o01e5s31e64"
                    + "01e6821e6o01e7421e7k01e7n51e7p01e8d51e8g01e9c31e9h01e9i31ed901edb21edc01eds31ee201ee931eez01ef351ef4"
                    + "01ef531efv01eg641ehq21ehs31ein01eiq31eiw01eiy31ej401ej631ejc01eje31ejh01ek921ekc01ekg31eks01ekt31elj"
                    + "01elk31em301em431em601em731emm01emo31en201eo031erf01etc31eut01eyl21eym01f2831f3101f3431f4h01f4w21f4x"
                    + "01f5s31f6o01f7131f7v01f8031f9221f9701f9c31fa601fa831fb801fbc31fbk01fbl31fbq01fcw31fha01fhc31fhm01fhs"
                    + "31fis01fiw31fjw01fk031fl401flc31fms01fn431fnf01fng31fnv01fnw31fo301fo431fo601fo731foi01foj31foy01foz"
                    + "31fp601fp731fp901fpc31fqs01fr431fzr01g0031g0m01g0w31g1401g1s31g1y01g1z31g3501g3631g3f01g5c31g5i01g5k"
                    + "31g5l01g5m31g6u01g6v31g6x01g7031g7101g7331g7q01g8031g8n01g8w31g9r01gbk31gc301gc431gc601gcg31gd201gdc"
                    + "31ge201gg031ghk01ghq31ghs01gjk31gjl21gjo01gjp21gjr01gjw21gk031gk401gk531gk801gk931gl201gl421gl701glb"
                    + "21glc01gm831gn101gn431gnx01gow31gp401gp531gpx21gpz01gqo31gs601gsg31gt201gtc31gtv01gu831guq01gxs31gzt"
                    + "01h1c31h2r01h3431h4j01h4w31h5w21h6001h6831h6i01h6o31h7q01h7t21h7y01h7z31h8m01hfk31hgq01hgr21hgt01hgw"
                    + "31hgy01hhe31hhh01hj021hj431hjx01hk731hk801hkg31hl221hld01hm831hmq21hmu01ho031hol01hpc31hpz01hq821hqb"
                    + "31hrs21hs701ht231htc21htd31htf21hth31hti01htr21htv31hv421hvf01hvh21hvi01hvm21hvn01hvx21hvy01hw031hwp"
                    + "01hww31hx601hxc21hxf31hyf21hyt01hyu31hz401hz831hz921hzb31hzc01hzk31i0j21i0k01i0m31i0n01i0w21i0z31i2b"
                    + "21i2p31i2t01i2x21i3101i3221i3431i3f01i3g31i3h01i4g31i4y01i4z31i5o21i6001i6621i6731i6921i6a01i8031i87"
                    + "01i8831i8901i8a31i8e01i8f31i8u01i8v31i9501i9c31ian21iaz01ib431ibe01ibk21ibo01ibp31ibx01ibz31ic101ic3"
                    + "31icp01icq31icx01icy31id001id131id601id721id931ida21idh01idj21idl01idn21idq01ids31idt01idz21ie001ie5"
                    + "31iea21iec01iee21iel01ieo21iet01if431ife01iff31ifg01ifi31ifj01ifk31igm01ign31igo21igx01igy21igz01ih1"
                    + "21ih201ih321ih701ih821ihd31ihe21ihf31ihg01iht21ihv01iio31ik521ikn31ikr01ikw31il601ila21ilb31ile01im8"
                    + "31ink21io431io601io731io801iog31ioq01itc31iun21iuu01iuw21iv501ivs31ivw21ivy01iww31iy821iyp01iys31iyt"
                    + "01iz431ize01j0g31j1n21j2031j2101j2831j2i01j2o31j3801j4t21j5801j5c31j5m01jb431jcc21jcr01jfk31jhm01ji7"
                    + "31jif01jih31jii01jik31jis01jit31jiv01jiw31jjk21jjq01jjr21jjt01jjv21jjz31jk021jk131jk221jk401jkg31jkq"
                    + "01jmo31jmw01jmy31jo121jo801joa21joh31joi01joj31jok21jol01jpc31jpd21jpn31jqr21jqy31jqz21jr301jrb21jrc"
                    + "01jrk31jrl21jrw31jt621jtm01jtp31jtq01ju831jw901k1s31k2p01k3431k3e01k3k31k3t01k3u31k4v21k5301k5421k5c"
                    + "31k5d01k5s31k6201k6q31k7k01k7m21k8801k8921k8n01kao31kav01kaw31kay01kaz31kc121kc701kca21kcb01kcc21kce"
                    + "01kcf21kcm31kcn21kco01kcw31kd601kdc31kdi01kdj31kdl01kdm31kei21ken01keo21keq01ker21kew31kex01kf431kfe"
                    + "01ko031koj21kon01kow21koy31koz21kp031kpd01kpe31kqc21kqj01kqm21kqr01kr431kre21krf01kts31ktt01kw031llm"
                    + "01log31lrj01ls031lxg01nyo31o1d01o1s31ovk21ow131ow721owm01oww31rzv01s0031sg701xq831xr221xrk31xru01z40"
                    + "31zjt01zk031zkv01zkw31zl601zlc31znj01znk31znu01zo031zou01zow21zp101zpc31zqo21zqv01zr431zr801zrk31zru"
                    + "01zs331zso01zst31ztc0205c3206l0206o3206y020cg320e8020hs320jv020jz220k0320k1220lk020lr220lv320m8020o0"
                    + "320o2020o3320o4220o5020og220oi02dbk42dbo02dbp42dbw02dbx42dbz02dc042dc102dk042dk302dlh42dli02dlw42dm0"
                    + "02fpc32fsb02fsg32fst02fsw32ft502ftc32ftm02ftp22ftr02fts22ftw02j1s32j2202jgg22jhq02jhs22jif02jxh22jxm"
                    + "02jxp22jyb02jyd22jyk02jze22jzi02k3m22k3p02kg032kid02kie32kkd02kke32kkg02kki32kkj02kkl32kkn02kkp32kkt"
                    + "02kku32kl602kl732kl802kl932klg02klh32kna02knb32knf02knh32knp02knq32knx02kny32koq02kor32kov02kow32kp1"
                    + "02kp232kp302kp632kpd02kpe32kyu02kyw32kzl02kzm32l0b02l0c32l1702l1832l1x02l1y32l2t02l2u32l3j02l3k32l4f"
                    + "02l4g32l5502l5632l6102l6232l6r02l6s32l7002l7232l8g02lmo22lo702lob22lpp02lpx22lpy02lqc22lqd02lqz22lr4"
                    + "02lr522lrk02mm832mn302mn932mnf02mtc22mtj02mtk22mu102mu322mua02mub22mud02mue22muj02muo32mwe02mxb22mxc"
                    + "02n0g32n1p02n1s22n1z32n2602n2832n2i02n2m32n2n02nbk32nce22ncf02ncw32ne422ne832nei02nrk32nsc22nsg32nsq"
                    + "02nyo32nzi22nzk32nzv02odc32odj02odk32odo02odp32odr02ods32oe702oe832ojp02ok022ok702olc32on822onf32ong"
                    + "02onk32onu02pkw32pl002pl132pls02plt32plv02plw32plx02plz32pm002pm132pmb02pmc32pmg02pmh32pmi02pmj32pmk"
                    + "02pmq32pmr02pmv32pmw02pmx32pmy02pmz32pn002pn132pn402pn532pn702pn832pn902pnb32pnc02pnd32pne02pnf32png"
                    + "02pnh32pni02pnj32pnk02pnl32pnn02pno32pnp02pnr32pnv02pnw32po302po432po802po932pod02poe32pof02pog32poq"
                    + "02por32pp802ppd32ppg02pph32ppm02ppn32pq402q7k32q8a02q8g32q9602q9c32qa202qrf22qrk02sc032sca0jny92jnya"
                    + "0jnz42jo1s0jo5c2joc00nvnk";

    private WordBreakTable() {}

    /** The end (exclusive) of each run: run {@code r} covers {@code [ends[r - 1], ends[r])}, from 0 to 0x110000. */
    static int[] ends() {
        int[] ends = new int[RUNS.length() / 5];
        for (int r = 0; r < ends.length; r++) {
            ends[r] = Integer.parseInt(RUNS.substring(r * 5 + 1, r * 5 + 5), 36);
        }
        return ends;
    }

    /** The class of each run. */
    static byte[] classes() {
        byte[] classes = new byte[RUNS.length() / 5];
        for (int r = 0; r < classes.length; r++) {
            classes[r] = (byte) (RUNS.charAt(r * 5) - '0');
        }
        return classes;
    }
}
