from corpusx.cli import app

app(prog_name="corpusx")
