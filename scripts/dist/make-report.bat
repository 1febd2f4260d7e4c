@echo off
setlocal EnableExtensions
rem Kept here in UTF-8; scripts/dist.sh packages it as the Chinese-named .bat in GBK (code
rem page 936) with CRLF, the code page cmd.exe reads batch files in on Chinese Windows.
rem `chcp 936` makes English Windows read it the same way (docs/distribution.md).
for /f "tokens=*" %%a in ('chcp') do for %%b in (%%a) do set "OLDCP=%%b"
chcp 936 >nul 2>nul
rem 生成报告：把本文件所在文件夹（或拖到本文件上的文件夹）里的所有表格汇总成报告，
rem 写到该文件夹下的“汇总报告”里，然后用浏览器打开 index.html。
rem GRIDREPORT_UNATTENDED=1：不打开浏览器、不等待按键（计划任务和测试用）。

set "EXE=%~dp0gridreport.exe"
if exist "%EXE%" goto :input
echo 找不到 gridreport.exe：请把“生成报告.bat”和 gridreport.exe 放在同一个文件夹里。
set "RC=2"
goto :end

:input

set "INPUT=%~1"
if "%INPUT%"=="" set "INPUT=%~dp0."
for %%i in ("%INPUT%") do set "INPUT=%%~fi"
if exist "%INPUT%\" goto :build
echo “%INPUT%”不是文件夹：请把装有各社区表格的文件夹拖到“生成报告.bat”上。
set "RC=2"
goto :end

:build
set "OUT=%INPUT%\汇总报告"

echo 正在汇总：%INPUT%
echo 报告写到：%OUT%
echo.
"%EXE%" build "%INPUT%" -o "%OUT%"
set "RC=%ERRORLEVEL%"
echo.
if "%RC%"=="0" goto :done
echo 没有生成报告（退出码 %RC%），原因见上面的说明。
goto :end

:done
echo 报告已生成：%OUT%\index.html
if not "%GRIDREPORT_UNATTENDED%"=="1" start "" "%OUT%\index.html"

:end
if not "%GRIDREPORT_UNATTENDED%"=="1" pause
if not "%OLDCP%"=="936" chcp %OLDCP% >nul 2>nul
exit /b %RC%
