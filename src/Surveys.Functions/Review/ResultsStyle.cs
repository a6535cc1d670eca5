namespace Surveys.Functions.Review;

/// <summary>
/// The results page's styles, on top of the shared page styles. On screen: a wider column, tables that
/// scroll sideways on narrow screens. In print (A4 portrait, for the AMU meeting): no navigation, picker or
/// buttons, black text on white, items and table rows kept whole across pages, table headers repeated,
/// and the bars printed with their fills and patterns (they are told apart without colour).
/// </summary>
public static class ResultsStyle
{
    public const string Css = """
        main{max-width:72rem}
        nav{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
        nav #print{margin-left:auto}
        .kicker{margin:0;color:var(--muted);font-weight:600}
        h1{margin:.15rem 0 .5rem}
        h2{margin:2rem 0 .5rem;font-size:1.4rem}
        .lead{margin:.25rem 0 1rem}
        .picker{display:flex;gap:1rem;align-items:flex-end;flex-wrap:wrap;margin:1rem 0 1.25rem}
        .picker label{margin:0}
        .picker select{width:auto;min-width:15rem;display:block;margin-top:.25rem}
        caption{text-align:left;font-weight:700;padding:.25rem 0}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        td.num,.nowrap{white-space:nowrap}
        .sub{font-size:.85em;color:var(--muted);font-weight:400}
        thead .sub{white-space:nowrap}
        .caveats{border-left:4px solid var(--accent);background:#eef4fb;padding:.1rem 1rem .6rem;margin:1.5rem 0}
        .caveats h2{margin:.6rem 0 .25rem;font-size:1.15rem}
        .caveats ul{padding-left:1.2rem;margin:.25rem 0}.caveats li{margin:.2rem 0}
        .howto{color:var(--muted);margin-top:0}
        .item{border-top:1px solid #c8c8c8;padding:.9rem 0 1rem;break-inside:avoid;page-break-inside:avoid}
        .item h3{font-size:1.1rem;line-height:1.35;margin:0 0 .5rem}
        .code{display:inline-block;font-weight:700;border:1.5px solid currentColor;border-radius:.25rem;padding:0 .3rem;font-size:.85em;line-height:1.3}
        figure.chart{margin:0}
        svg.bars{width:100%;height:auto;display:block;font-family:inherit;overflow:visible}
        .legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;padding:0;margin:.4rem 0 0;font-size:.9rem}
        .legend li{display:flex;align-items:center;gap:.35rem}
        .legend .pos{font-weight:700}
        .swatch{outline:1px solid #6b6b6b;flex:none}
        .split{font-size:.9rem;color:var(--muted);margin:.3rem 0 0}
        .estimate{margin:.6rem 0 .2rem}
        .verdict{margin:.2rem 0}.verdict .label{color:var(--muted)}
        .message{font-weight:600;margin:.25rem 0}
        td.message{font-weight:600}
        .visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
        .pattern-defs{position:absolute;width:0;height:0;overflow:hidden}
        .scroll{overflow-x:auto}
        .change-table,.trend-table{font-size:.95rem}
        .change-table th,.change-table td,.trend-table th,.trend-table td{vertical-align:top}
        .change-table thead th,.trend-table thead th{vertical-align:bottom;border-bottom:2px solid var(--ink)}
        .change-table tbody th,.trend-table tbody th{font-weight:400;min-width:14rem}
        .change-table td:last-child{min-width:11rem}
        .respondents{margin:.5rem 0;max-width:44rem}
        table.bands{max-width:40rem;margin:.5rem 0}
        .abbr{font-size:.95rem}
        .rule{margin:.25rem 0 .5rem}
        .weakest-list{padding-left:1.5rem}.weakest-list li{margin:.6rem 0}
        .weakest-list .figures{color:var(--muted)}
        a.action{white-space:nowrap;font-weight:600;margin-left:.35rem}
        .pooled-note{color:var(--muted);margin:.5rem 0}
        .methods{margin-top:2.5rem;padding-top:.5rem;font-size:.9rem;color:var(--muted);border-top:1px solid #c8c8c8}
        .methods h2{font-size:1rem;margin:.5rem 0 .25rem}
        @media print{
          @page{size:A4 portrait;margin:14mm 13mm 16mm}
          :root{--bg:#fff;--ink:#000;--muted:#333;--accent:#000}
          html{font-size:9pt}
          body{line-height:1.35;background:#fff;color:#000}
          main{max-width:none;padding:0;margin:0}
          nav,.noprint,.picker,#print{display:none!important}
          h1{font-size:17pt}h2{font-size:13pt;margin-top:1.2rem;break-after:avoid;page-break-after:avoid}h3{break-after:avoid;page-break-after:avoid}
          .item,tr,.caveats,.weakest-list li,table.bands,.respondents{break-inside:avoid;page-break-inside:avoid}
          thead{display:table-header-group}
          .caveats{background:none;border:1.5pt solid #000;padding:.1rem .6rem .4rem}
          .scroll{overflow:visible}
          .change-table,.trend-table{font-size:8.5pt}
          .change-table td:last-child{min-width:0}
          .change-table tbody th,.trend-table tbody th{min-width:0}
          a{color:#000;text-decoration:none}
          svg,.swatch{print-color-adjust:exact;-webkit-print-color-adjust:exact}
        }
        """;
}
